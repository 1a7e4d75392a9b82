"""The planner's model, shared by the command line and the TUI (no Textual here).

- `commands`: each change a user makes to progress, one small immutable class, and
  `execute`, which applies one to the store and says what it wrote;
- `writer`: the thread the TUI hands its commands to, applying them in order;
- `state`: what the TUI shows, as plain data (the filtered view, progress, undo).

`commands` and `writer` sit on the progress store alone (`confplan mark` imports
`commands`); `state` uses the query and the agenda, so nothing below them imports it.
"""
