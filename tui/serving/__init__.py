"""Serving the app to visitors: the web (`--serve`) over one visitor policy.

options.py   the serving options, declared together; a visitor's app gets the app's options only
listen.py    where a server listens: checked first, one line if it cannot
policy.py    what a visitor may do: files, their own autosave
start.py     from the options to a running server
web.py       the web server (textual-serve), one app process per browser tab
"""
