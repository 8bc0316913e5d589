"""Record ids typed into an address or posted by a form: odd values are ignored, never an error page."""

# The largest id any of our tables can hold in every database we run on (a 32-bit integer).
LARGEST_ID = 2**31 - 1


def record_id(value) -> int | None:
    """The id `value` stands for: a whole number from 1 to LARGEST_ID, else None.

    "abc", "-1", "1.5", "²" (a digit to str.isdigit(), not to int()) and a number too large for the
    database (which would raise OverflowError) all give None.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(LARGEST_ID)):
            return None
        number = int(text)
    return number if 1 <= number <= LARGEST_ID else None
