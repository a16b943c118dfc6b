"""Run docs commands through an installed rnnprog, in this process (not a test module: pytest does
not collect it; tests/test_wheel.py runs it with the wheel's python, `python -I`, cwd an empty folder).

stdin: JSON {"repo": the checkout's path, "blocks": [[command, ...], ...]} where a command is
`rnnprog ARGS...`, `echo $?` or `cat FILE`. Written to the file named by the first argument (not
stdout, where a stray print could spoil it): JSON {"rnnprog": the imported package's file,
"results": one list per block of {"output": lines, "code": exit code or null, "error": traceback
or null} per command}.

Each command runs as tests/test_docs.py runs it: click's CliRunner on the `rnnprog` console
script's function, prog_name "rnnprog", COLUMNS=100, output being stdout and stderr together;
`echo $?` is the exit code of the block's last `rnnprog` command, `cat FILE` the file's lines.
"""

import json
import os
import shlex
import sys
import traceback
from importlib import metadata
from pathlib import Path

from click.testing import CliRunner


def main() -> None:
    request = json.load(sys.stdin)
    os.environ["COLUMNS"] = "100"
    script = next(e for e in metadata.distribution("rnnprog").entry_points
                  if e.group == "console_scripts" and e.name == "rnnprog")
    cli = script.load()
    import rnnprog

    where = Path(rnnprog.__file__).resolve()
    repo = Path(request["repo"]).resolve()
    assert not where.is_relative_to(repo), f"imported the checkout's rnnprog ({where}), not the wheel's"
    runner = CliRunner()
    results = []
    for block in request["blocks"]:
        last_code, done = None, []
        for command in block:
            words = shlex.split(command)
            output, code, error = [], None, None
            if words[0] == "rnnprog":
                result = runner.invoke(cli, words[1:], prog_name="rnnprog")
                if result.exception and not isinstance(result.exception, SystemExit):
                    error = "".join(traceback.format_exception(*result.exc_info))
                output, code = result.output.splitlines(), result.exit_code
                last_code = code
            elif words == ["echo", "$?"]:
                output = [str(last_code)]
            elif words[0] == "cat" and len(words) == 2:
                output = Path(words[1]).read_text().splitlines()
            else:
                raise ValueError(f"not a command this driver runs: {command}")
            done.append({"output": output, "code": code, "error": error})
        results.append(done)
    Path(sys.argv[1]).write_text(json.dumps({"rnnprog": str(where), "results": results}))


if __name__ == "__main__":
    main()
