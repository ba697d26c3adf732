"""Exports: a meeting's minutes, a chat's tasks and its open deadlines as files.

Pure functions from domain records to bytes (Markdown, Word, Excel, CSV, iCalendar), with every
heading and label from the translation catalogs; nothing here imports ``telegram``. The package
itself imports nothing, so the command line can read :mod:`bot.exports.request` without loading
the document libraries.
"""
