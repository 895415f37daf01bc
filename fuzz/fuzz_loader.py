"""Coverage-guided fuzzing of the account loader (not run in CI).

    .venv/bin/pip install -e '.[fuzz]'
    mkdir -p /tmp/corpus && cp examples/*/*.yaml /tmp/corpus
    .venv/bin/python fuzz/fuzz_loader.py -max_total_time=300 /tmp/corpus

Any exception other than the loader's own result is a bug: ``load_account_text``
must turn every input into a document or into input errors with a line.
"""

import sys

import atheris

with atheris.instrument_imports():
    from govmedia_lint.loading import load_account_text


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    result = load_account_text(text, "fuzz.yaml")
    assert (result.document is None) == bool(result.errors), result
    for error in result.errors:
        assert error.file == "fuzz.yaml" and error.line >= 1 and error.column >= 1, error


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
