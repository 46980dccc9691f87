"""The sources of the shipped templates: one TOML file per document, turned into ``.docx`` by
:mod:`bot.documents.forms.build` (``python -m bot documents-templates --build``)."""
