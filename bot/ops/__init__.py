"""The operator's commands: ``followup check`` and ``followup db ...``.

Their output is for the person who runs the bot, in a terminal, in English like the rest of the
command line; every sentence lives in :mod:`bot.ops.messages`.
"""
