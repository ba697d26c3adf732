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
Console commands (every other line is a message from you, where you post):
    :1, :2 ...               press the button with that number
    :users                   who is in the group
    :user NAME               speak as someone else (a name, an @username or a number from :users)
    :join NAME [@username]   a new member joins the group, and you speak as them
    :chats                   the chats you can post in
    :chat 2, :chat private   post in another group, or in your private chat with the bot
    :chat new TITLE          a new group, made by you, with everybody here in it
    :topic                   the topics of the group
    :topic NAME, :topic 1    post in that topic of the group (:topic general: the main
                             thread); :topic new NAME opens a topic
    :reply 5 TEXT            send TEXT as a reply to message 5 (every message shows its
                             number); :reply 5 alone: your next message is the reply
    :multi                   the lines that follow, up to a line :end, are one message
                             (pasted notes, several commands)
    :clock                   the time the bot lives in
    :clock +3d               move that time ahead (w weeks, d days, h hours, m minutes);
                             the reminders due meanwhile arrive
    :clock 2022-07-07 09:00  set that time (or 07/07/2022 09:00): back only before the
                             first message, ahead as with +3d
    :quit                    leave (so do Ctrl-D and Ctrl-C)"""
PROMPT = "{name}{where}> "
MORE = "... "  # the prompt of the lines after :multi
USER_LINE = "{mark} {number}. {name}{username}{status}"
YOU_ARE = "You are now {user}."
YOU_ARE_PRIVATE = "You are now {user}, in your private chat with the bot."
NO_SUCH_USER = (
    "Nobody in the group is called {query!r}; :users lists them, :join {query} adds them."
)
AMBIGUOUS = "{query!r} could be {names}; say which."
JOINED = "{user} joins the group."
NO_ONE_JOINS = "Nobody joins a private chat; :chats lists the groups."
CHAT_LINE = "{mark} {number}. {title}"
PRIVATE_LINE = "{mark} private: your private chat with the bot"
YOU_POST_IN = "You post in «{place}» now."
NO_SUCH_CHAT = "There is no chat {query!r}; :chats lists them, :chat new {query} makes a group."
NEW_GROUP_USAGE = "Give the new group a title: :chat new Hội Nông dân."
NEW_GROUP = "{user} creates the group «{title}», with everybody here in it; you post in it now."
TOPIC_LINE = "{mark} {number}. {name}"
NO_TOPICS = "A private chat has no topics; :chats lists the groups."
NO_SUCH_TOPIC = "There is no topic {query!r} in this group; :topic new {query} opens it."
NEW_TOPIC_USAGE = "Name the new topic: :topic new Hội thao."
NEW_TOPIC = "{user} opens the topic «{name}»; you post in it now."
SENT = "(message {number})"
SENT_REPLY = "(message {number}, a reply to message {replied})"
NOT_A_MEMBER = "Not sent: {user} is not in «{place}»."
REPLY_USAGE = (
    "Say which message to reply to, by its number: :reply 3 /viec CTĐ, or :reply 3 alone to "
    "reply with your next message."
)
NO_MESSAGE = "There is no message {number} in this chat."
REPLY_NEXT = "Your next message replies to message {number}."
MULTI = "(the lines that follow are one message, up to a line :end)"
MULTI_UNSENT = "(not sent: the message begun with :multi had no :end)"
NO_BUTTON = "There is no button {number}; the buttons are numbered where the bot shows them."
NOT_THERE = "{user} is not in «{place}», where button {number} is."
BUTTON_GONE = "Button {number} is no longer under its message ({reason})."
PRESSES = "({user} presses «{label}»)"
LINK_BUTTON = "[{label} → {url}]"
POPUP = "    ({kind}: {text})"
CLOCK_NOW = "It is {now} for the bot (time zone {zone})."
CLOCK_USAGE = (
    "Say where to move the clock: ahead with :clock +3d (w weeks, d days, h hours, m minutes), "
    "or to a date and time with :clock 2022-07-07 09:00 (or 07/07/2022 09:00)."
)
CLOCK_MOVED = "The clock moved ahead to {now}."
CLOCK_SET = "The clock is set to {now}."
CLOCK_NOT_BACK = (
    "The clock stays at {now}: it goes back only before the first message, since the bot's "
    "records and the reminders it sent are dated by it. To replay an earlier day, start a new "
    "console and begin with :clock {target}."
)
UNKNOWN = "There is no console command :{name}; :help lists them."
NOT_SENT = "Not sent: {reason}."
NO_ANSWER = "(the bot did not finish with that within {seconds} s)"
