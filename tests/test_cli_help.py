"""``--help`` of every command: its examples run, and every option its help names exists."""
from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from aligner.cli import COMMANDS, build_parser, main
from aligner.render.text import MARKER_KEY

from conftest import SEED_EN, SEED_ID, SEED_VI
from shared_paths import SHARED

GOLD = SHARED / "gold" / "seed-en-vi.json"
OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")
QUOTED = re.compile(r"'aligner ([A-Za-z]+)([^']*)'")
OTHER_COMMAND = re.compile(r"'(?!aligner )[a-z][\w.-]* -[^']*'")   # e.g. 'less -R': another program's options


def parsers() -> dict[str, object]:
    """Command name -> its argparse parser ('' for the root)."""
    root = build_parser()
    sub = next(a for a in root._actions if a.__class__.__name__ == "_SubParsersAction")
    return {"": root, **sub.choices}


def help_of(command: str, capsys) -> str:
    with pytest.raises(SystemExit) as e:
        main([command, "--help"] if command else ["--help"])
    assert e.value.code == 0
    return capsys.readouterr().out


def examples_of(epilog: str) -> list[str]:
    return [ln.strip() for ln in epilog.splitlines() if ln.startswith("  aligner ")]


def aligner_commands(example: str) -> list[list[str]]:
    """The aligner invocations of a shell line (split at && and |, redirections dropped)."""
    out = []
    for part in re.split(r"&&|\|", example):
        argv = shlex.split(part)
        argv = [a for k, a in enumerate(argv)
                if not re.match(r"^\d?>", a) and not (k and re.match(r"^\d?>$", argv[k - 1]))]
        if argv and argv[0] == "aligner":
            out.append(argv[1:])
    return out


def option_strings(parser) -> set[str]:
    return {s for a in parser._actions for s in a.option_strings}


def named_options(text: str, command: str) -> list[tuple[str, str]]:
    """(command, option) for every option a help text names: inside a quoted 'aligner X ...'
    the options are X's; anywhere else they are the command's own."""
    text = OTHER_COMMAND.sub(" ", text.replace("`", "'"))
    found = []
    for m in QUOTED.finditer(text):
        found += [(m.group(1), o) for o in OPTION.findall(m.group(2))]
    rest = QUOTED.sub(" ", text)
    found += [(command, o) for o in OPTION.findall(rest)]
    return found


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_has_examples_key_and_exit_codes(command, capsys):
    text = help_of(command, capsys)
    examples = examples_of(text)
    assert 3 <= len(examples) <= 4, examples
    assert all(any(argv) for ex in examples for argv in aligner_commands(ex))
    assert "\nkey " in text and all(f"  {m}  {short}:" in text for m, short, _ in MARKER_KEY)
    assert "\nexit status:" in text and "  0    success" in text and "  2    usage or input error" in text
    assert ("  1    differences" in text) == (command in ("", "align"))


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_option_named_in_help_exists(command):
    ps = parsers()
    parser = ps[command]
    prose = "\n".join(ln for ln in (parser.epilog or "").splitlines() if not ln.startswith("  aligner "))
    texts = [parser.description or "", prose] + [a.help or "" for a in parser._actions]
    named = []
    for ex in examples_of(parser.epilog or ""):
        named += [(argv[0], o.split("=")[0]) for argv in aligner_commands(ex) for o in argv[1:]
                  if o.startswith("-") and o != "-"]
    for text in texts:
        named += named_options(" ".join(text.split()), command)
    assert named or command == ""
    for cmd, opt in named:
        if cmd not in ps:   # a placeholder such as 'aligner COMMAND --help'
            cmd = ""
        assert opt in option_strings(ps[cmd]) | {"-h", "--help"}, f"'aligner {cmd}' has no option {opt}"


def test_the_checker_catches_a_missing_option():
    """The old 'aligner eval' help named 'aligner align --json', which does not exist."""
    named = named_options("the JSON written by 'aligner align --json'", "eval")
    assert ("align", "--json") in named
    assert "--json" not in option_strings(parsers()["align"])
    assert aligner_commands("aligner a b --progress 2> log.txt | less -R && aligner view - -o r.html") == [
        ["a", "b", "--progress"], ["view", "-", "-o", "r.html"]]


# ---- the examples run (with the test embedder, in a folder holding the files they name) -----

@pytest.fixture
def workspace(tmp_path, monkeypatch, use_fake_embedder):
    for name, src in (("en.txt", SEED_EN), ("id.txt", SEED_ID), ("vi.txt", SEED_VI)):
        shutil.copy(src, tmp_path / name)
    (tmp_path / "articles").mkdir()
    for src in (SEED_EN, SEED_ID, SEED_VI):
        shutil.copy(src, tmp_path / "articles" / Path(src).name)
    (tmp_path / "pairs.tsv").write_text("en.txt\tid.txt\nen.txt\tvi.txt\n", encoding="utf-8")  # aligner batch
    (tmp_path / "my-templates").mkdir()
    (tmp_path / "my-templates" / "report.css").write_text("body { background: #fff8e1; }\n", encoding="utf-8")
    if GOLD.exists():
        gold = json.loads(GOLD.read_text(encoding="utf-8"))
        shutil.copy(GOLD, tmp_path / "gold-en-vi.json")
        for side, name in (("source", "en.lines"), ("target", "vi.lines")):
            (tmp_path / name).write_text("".join(s["text"] + "\n" for s in gold[side]["sentences"]),
                                         encoding="utf-8")
        links = [(lk["src"], lk["tgt"]) for lk in gold["links"]]
        links += [([i], []) for i in gold["dropped"]] + [([], [j]) for j in gold["added"]]
        links.sort(key=lambda st: (min(st[0], default=1e9), min(st[1], default=1e9)))
        (tmp_path / "gold.vecalign").write_text("".join(f"{s}:{t}\n" for s, t in links), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["align", "en.txt", "vi.txt", "-f", "json", "-o", "vi.json", "-q"]) == 0
    return tmp_path


def run_example(example: str, capsys, monkeypatch) -> None:
    stdin = None
    for argv in aligner_commands(example):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        code = main(argv)
        out, err = capsys.readouterr()
        assert code in ((0, 1) if "--fail-on" in argv else (0,)), f"{argv}: exit {code}: {err}"
        assert "Traceback" not in err
        stdin = out
        if "-o" in argv:
            assert Path(argv[argv.index("-o") + 1]).exists()


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_examples_run(command, workspace, capsys, monkeypatch):
    if command == "eval" and not GOLD.exists():
        pytest.skip(f"{GOLD} not found (shared data)")
    for example in examples_of(parsers()[command].epilog or ""):
        run_example(example, capsys, monkeypatch)
