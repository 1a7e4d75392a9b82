"""The terminal interface (Textual). The only part of confplan that imports Textual."""
