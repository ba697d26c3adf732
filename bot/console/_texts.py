"""What the console says about itself (the bot's own messages come from the catalogs)."""

from __future__ import annotations

BANNER = """\
followup console: the bot, offline, in the group «{title}».
Nothing leaves this computer: the bot talks to a local sandbox of Telegram ({root})
and keeps its records in {database}.
You are {user}. Type what a member would type in the group, for example
    /viec @hoa_ctd: gửi báo cáo tài chính trước thứ Sáu tuần sau
    /ds
Lines that start with a colon are the console's own commands: :help lists them.
"""
HELP = """\
Console commands (every other line is sent to the group as a message):
    :1, :2 ...               press the button with that number
    :users                   who is in the group
    :user NAME               speak as someone else (a name, an @username or a number from :users)
    :join NAME [@username]   a new member joins the group, and you speak as them
    :clock                   the time the bot lives in
    :clock +3d               move that time ahead (w weeks, d days, h hours, m minutes);
                             the reminders due meanwhile arrive
    :quit                    leave (so do Ctrl-D and Ctrl-C)"""
PROMPT = "{name}> "
USER_LINE = "{mark} {number}. {name}{username}, {status}"
YOU_ARE = "You are now {user}."
NO_SUCH_USER = (
    "Nobody in the group is called {query!r}; :users lists them, :join {query} adds them."
)
AMBIGUOUS_USER = "{query!r} could be {names}; say which."
JOINED = "{user} joins the group."
NO_BUTTON = "There is no button {number}; the buttons are numbered where the bot shows them."
BUTTON_GONE = "Button {number} is no longer under its message ({reason})."
PRESSES = "({user} presses «{label}»)"
LINK_BUTTON = "[{label} → {url}]"
POPUP = "    ({kind}: {text})"
CLOCK_NOW = "It is {now} for the bot (time zone {zone})."
CLOCK_USAGE = "Say how far to move the clock ahead: :clock +3d, :clock +2h, :clock +1w."
CLOCK_MOVED = "The clock moved ahead to {now}."
UNKNOWN = "There is no console command :{name}; :help lists them."
NOT_SENT = "Not sent: {reason}."
NO_ANSWER = "(the bot did not finish with that within {seconds} s)"
