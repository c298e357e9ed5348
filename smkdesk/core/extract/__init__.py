"""Text extraction from imported files, safely.

``dispatch.extract_file`` checks a file (type by content, size, zip bombs) and reads its
text and title in the calling process. ``pool.ExtractorPool`` does the same in
long-lived worker processes with a time limit and a memory limit, so that a
malicious or broken file cannot hang or crash the application.

Files that cannot be imported raise :class:`smkdesk.core.errors.RejectedFile`
with a one-line reason for the user.
"""
