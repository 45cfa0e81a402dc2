"""The transcript model (no Qt): the markup parser, frames, stamps, reel structure,
reading text and exports.

Modules, each with one job:

* ``markup``    text -> spans with exact offsets; ``tokenize_line`` for the highlighter.
* ``frames``    cut a transcript at ``<!-- frame N -->`` markers and write edits back.
* ``stamps``    stamp blocks -> records (decisions ticked/unticked, reviewer, dates, codes).
* ``structure`` documents (fiche headers) and title / target / finding-aid parts.
* ``reading``   diplomatic and reading text, words mapped back to the markup.
* ``report``    everything at once for the panels and ``main.py inspect``.
* ``styles``    one style (colour, strike, raise…) per kind, shared with overlays and PDF.
* ``tei``, ``exports``  TEI P5, plain text, Markdown.

A QSyntaxHighlighter needs nothing else than this::

    from transcript.markup import tokenize_line, utf16_span
    from transcript.styles import style_key

    def highlightBlock(self, text):
        lt = tokenize_line(text, self.previousBlockState())
        for span in lt.spans:                      # paint order: later on top
            key = style_key(span)
            if key:
                start, length = utf16_span(text, span)
                self.setFormat(start, length, self.formats[key])
        self.setCurrentBlockState(lt.state)       # small int: 0..3

``lt.state`` says whether a stamp block is open (and whether a fiche ID was just seen);
Qt re-highlights the next block only when it changes, so a keystroke re-tokenizes the
edited block alone.  The panels call ``report.analyze(text)`` (one parse) and jump
with ``Transcript.position(offset)`` -> (block number, UTF-16 column).
"""
