"""The app's life beside the run: quitting, signals and autosave, and staying healthy.

- `quitting.py`: q, ctrl+c, SIGHUP and SIGTERM end the app at once, the run saved if asked;
- `threads.py`: ending a worker stuck in a long step once the app has quit;
- `cache_sweeper.py`: Textual's and Rich's global caches emptied every 30 s: memory stays flat;
- `closed_watchers.py`: at the same beat, widgets that are gone (a kept text's) let go of;
- `heap_trim.py`: and the memory freed but kept by the C library given back to the system;
- `garbage.py`: Python's garbage collector held off until the first frame: the app starts sooner;
- `key_thread.py`: the thread that reads keys stops at once: the terminal is given back sooner;
- `wake_on_signal.py`: a signal wakes the app at once: `fg` after ctrl+z brings it back at once.
"""
