"""read_capture: every sample gives wadecode's records, streamed."""
import gc
import os
import subprocess
import sys
import threading

import pytest

from conftest import HERE, sample, wadecode_records

CASES = [
    ("session.pcap", "session.keys.json"),
    ("session.pcap", "session.private-key.json"),
    ("session.pcap", None),
    ("multi.pcap", "multi.pcap.keys.json"),
    ("multi.har", "multi.har.keys.json"),
    ("session.har", "session.keys.json"),
    ("session.mitm", "session.keys.json"),
    ("session.jsonl", "session.keys.json"),
    ("session.deflate.pcap", "session.keys.json"),
    ("session.loss.pcap", "session.keys.json"),
    ("session.midstream.pcap", "session.keys.json"),
    ("multi.nctx.pcapng", "multi.keys.json"),
]


@pytest.mark.parametrize("capture,keys", CASES)
def test_same_records_as_wadecode(wa_web, capture, keys):
    want = wadecode_records(sample(capture), sample(keys) if keys else None)
    assert len(want) > 10
    for jobs in (1, 3):
        got = list(wa_web.read_capture(sample(capture), sample(keys) if keys else None, jobs=jobs))
        assert got == want
    loaded = wa_web.Keys.load(sample(keys)) if keys else None
    assert list(wa_web.read_capture(sample(capture), loaded)) == want


def test_format_is_checked_and_named(wa_web):
    want = wadecode_records(sample("session.har"), sample("session.keys.json"))
    assert list(wa_web.read_capture(sample("session.har"), sample("session.keys.json"), format="har")) == want
    with pytest.raises(ValueError):
        wa_web.read_capture(sample("session.har"), format="nonsense")
    with pytest.raises(wa_web.CaptureError) as e:
        list(wa_web.read_capture(sample("session.har"), format="pcap"))
    assert "session.har" in str(e.value)


def test_open_errors(wa_web, tmp_path):
    with pytest.raises(wa_web.CaptureError) as e:
        wa_web.read_capture(tmp_path / "missing.pcap")
    assert isinstance(e.value, OSError) and e.value.stage
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(wa_web.CaptureError) as e:
        wa_web.read_capture(junk)
    assert "format" in str(e.value)
    with pytest.raises(wa_web.KeysError):
        wa_web.read_capture(sample("session.pcap"), tmp_path / "no-keys.json")


def test_warnings_say_what_was_skipped(wa_web, tmp_path):
    # The pcap of the wadecode case that shows them: a plain HTTP connection and an IP fragment.
    maker = os.path.join(HERE, "..", "cli", "wadecode", "pcap_skipped_traffic_warned", "make_pcap.py")
    pcap = tmp_path / "skipped.pcap"
    pcap.write_bytes(subprocess.run([sys.executable, maker], check=True, capture_output=True).stdout)
    want = ["1 ip fragments ignored (not reassembled)", "1 tcp connections skipped: not websocket"]
    for jobs in (1, 2):
        reader = wa_web.read_capture(pcap, jobs=jobs)
        assert reader.warnings == []  # not known before the end
        assert list(reader) == []
        assert reader.warnings == want
    clean = wa_web.read_capture(sample("session.pcap"))
    list(clean)
    assert clean.warnings == []


def test_empty_file_has_no_records(wa_web, tmp_path):
    # As wadecode says "empty input: no records" and exits 0, whatever the format.
    empty = tmp_path / "empty.har"
    empty.write_bytes(b"")
    assert list(wa_web.read_capture(empty)) == []
    assert list(wa_web.read_capture(empty, format="pcap")) == []


def test_stopping_early_and_closing(wa_web):
    reader = wa_web.read_capture(sample("multi.pcap"), sample("multi.pcap.keys.json"))
    first = next(reader)
    assert first["i"] == 0
    reader.close()
    assert list(reader) == []
    with wa_web.read_capture(sample("multi.pcap"), sample("multi.pcap.keys.json")) as r:
        assert next(r)["i"] == 0
    for _ in range(20):  # dropped half-way: threads stop with the iterator
        r = wa_web.read_capture(sample("multi.pcap"), sample("multi.pcap.keys.json"), jobs=2)
        next(r)
        del r
    gc.collect()


def test_next_and_for_loops_share_one_position(wa_web):
    # The reader is its own iterator (C slots): next(), __next__ and a for loop that breaks all
    # take the record after the last one handed out, and the end stays the end.
    want = [r["i"] for r in wa_web.read_capture(sample("multi.pcap"), sample("multi.pcap.keys.json"))]
    reader = wa_web.read_capture(sample("multi.pcap"), sample("multi.pcap.keys.json"), jobs=2)
    assert iter(reader) is reader
    got = [next(reader)["i"], reader.__next__()["i"]]
    for r in reader:
        got.append(r["i"])
        if len(got) == 5:
            break
    got.append(next(reader)["i"])
    got += [r["i"] for r in reader]
    assert got == want
    with pytest.raises(StopIteration):
        next(reader)
    assert next(reader, None) is None and list(reader) == []


def test_other_python_threads_run_while_it_reads(wa_web):
    # The GIL is released while decoding: a Python thread makes progress meanwhile.
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)

    t = threading.Thread(target=tick)
    t.start()
    n = sum(1 for _ in wa_web.read_capture(sample("multi.pcap"), sample("multi.pcap.keys.json"), jobs=1))
    stop.set()
    t.join()
    assert n > 200 and len(ticks) > 0
