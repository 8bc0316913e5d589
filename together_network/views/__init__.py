"""Together network pages, a module per concept; their addresses are all in `together_network/urls.py`."""
