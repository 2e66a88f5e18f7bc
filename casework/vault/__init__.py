"""The document vault: case files kept so that a copy of the storage or the database reveals
no content.

cleaning.py cleans uploads, previews.py makes PNG previews, sealing.py encrypts, storage.py
stores and clamav.py scans (decision record 14).
"""
