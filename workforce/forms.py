"""Forms for workforce records (people, pathway, training, supervision) come here."""
