"""The course kit: tools an instructor runs over the book's notebooks.

* :mod:`coursework.edition` — the student edition (notebooks with stubs, the website without
  solutions): ``python -m coursework.edition`` (``make coursework``);
* :mod:`coursework.grade` — the grader of a folder of handed-in notebooks, with a gradebook
  and a feedback file per student: ``python -m coursework.grade SUBMISSIONS --out grades.csv``
  (``make grade``).

The kit imports :mod:`infolib` (a notebook's check cell calls :mod:`infolib.exercises`, and the
grader compares with the same checks); :mod:`infolib` never imports the kit.
"""
