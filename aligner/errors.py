"""Exceptions the CLI turns into a one-line message and exit status 2."""


class AlignerError(Exception):
    """Base class: a problem the user can fix (bad input, missing model, bad option)."""


class InputError(AlignerError):
    """An input file is missing, unreadable, empty, binary or undecodable."""


class ModelError(AlignerError):
    """A requested model is not available locally or failed to load."""


#: what installs the optional readers and writers (web pages in, TMX and XLIFF out)
FORMATS_INSTALL = "pip install 'aligner[formats]'"
