"""Execute a notebook and write what a reader sees as markdown (glue values substituted).

Usage: execute.py book/NN.ipynb OUTDIR   (writes OUTDIR/chapter.md)
Run with: MPLBACKEND=Agg PYTHONHASHSEED=0 INFOBOOK_STATIC=1 .venv/bin/python
"""
import re, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient

src, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
nb = nbformat.read(src, as_version=4)
if "--executed" not in sys.argv:
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(src.parent)}}).execute()
glue = {}
for c in nb.cells:
    if c.cell_type != "code":
        continue
    for o in c.get("outputs", []):
        md = o.get("metadata", {}) or {}
        sb = md.get("scrapbook", {}) if isinstance(md, dict) else {}
        if sb.get("name"):
            d = o.get("data", {})
            txt = next((v for k, v in d.items() if k.endswith("text/plain")), "")
            glue[sb["name"]] = txt.strip("'\"")

_gj = src.with_suffix(".glue.json")
if _gj.exists():
    import json as _j
    for _name, _o in _j.loads(_gj.read_text()).items():
        _txt = next((v for k, v in _o.get("data", {}).items() if k.endswith("text/plain")), "")
        glue[_name] = _txt.strip("'\"")

def sub(m):
    name, _, spec = m.group(2).partition(":")
    val = glue.get(name)
    if val is None:
        return f"[glue {name}?]"
    mm = re.fullmatch(r"(?:np\.\w+\()?(.*?)\)?", val)
    raw = mm.group(1) if mm else val
    if spec:
        try:
            return format(float(raw), spec)
        except ValueError:
            try:
                return format(int(raw), spec)
            except ValueError:
                return raw
    return raw

parts = []
for c in nb.cells:
    if c.cell_type == "markdown":
        parts.append(re.sub(r"\{glue(:text|:md)?\}`([^`]+)`", sub, c.source))
    elif c.cell_type == "code":
        tags = c.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags:
            continue
        note = f"[cell tags: {', '.join(tags)} — on the site this cell is collapsed/hidden as the tags say]\n" if tags else ""
        if "remove-input" not in tags:
            parts.append(note + "```python\n" + c.source + "\n```")
        texts = []
        for o in c.get("outputs", []):
            md = o.get("metadata", {}) or {}
            if isinstance(md, dict) and md.get("scrapbook"):
                continue
            if o.output_type == "stream":
                norm = lambda t: [l.rstrip() for l in t.splitlines() if l.strip()]
                if texts and texts[-1].startswith("\0"):
                    have, piece = norm(texts[-1][1:]), norm(o.text)
                    if piece and all(l in have for l in piece):
                        continue  # MyST-NB's executed copy keeps the merged stream and its pieces
                if texts and texts[-1].startswith("\0"):
                    texts[-1] += o.text
                else:
                    texts.append("\0" + o.text)
            elif o.output_type in ("execute_result", "display_data"):
                d = o.get("data", {})
                if "text/html" in d and 'class="quick-check' in d["text/html"]:
                    import json as _json
                    raw = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', d["text/html"], re.S)[0]
                    q = _json.loads(raw)
                    lines = [f"QUICK CHECK (interactive on the site; feedback shown after the reader answers) {q['id']}: {q['question']}"]
                    if q["kind"] == "choice":
                        for ch in q["choices"]:
                            lines.append(f"  {ch['letter']}. {ch['text']}  [{'RIGHT' if ch['correct'] else 'wrong'}] feedback: {ch['explain']}")
                    else:
                        lines.append(f"  answer {q['answer']} ± {q['tolerance']} {q.get('unit') or ''}; explanation: {q['explain']}")
                        for w in q.get("wrong", []):
                            lines.append(f"  wrong value {w['value']} ± {w['tolerance']}: feedback: {w['explain']}")
                    texts.append("\n".join(lines))
                elif "image/png" in d:
                    texts.append("[figure]")
                elif "text/markdown" in d:
                    texts.append(d["text/markdown"])
                elif "text/plain" in d and not d["text/plain"].startswith(("<Figure", "VBox", "HBox", "interactive")):
                    texts.append(d["text/plain"])
                elif "text/html" in d:
                    texts.append("[interactive widget / HTML output]")
            elif o.output_type == "error":
                texts.append("ERROR: " + o.ename + ": " + o.evalue)
        if texts:
            parts.append("Output:\n```\n" + "\n".join(t.lstrip("\0").rstrip() for t in texts) + "\n```")
(out / "chapter.md").write_text("\n\n".join(parts) + "\n")
print("wrote", out / "chapter.md", len(glue), "glue values")
