"""Bad input and faults, as a hostile user or a full disk would bring them: every case ends in a
clear message and the documented exit code (2 bad input, 3 a file that cannot be read or written),
never an abort or a crash, and nothing is written or damaged."""
import collections
import os
import random
import re
import shutil
import signal
import subprocess
import time

import h5py
import pytest

LOCATED = re.compile(r"\.yaml:\d+:\d+: ")


def run(*args, **kwargs):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=300, **kwargs)


def invalid_scenarios(root):
    folders = [root / "tests/scenarios/invalid", root / "tests/fuzz/regressions/scenario"]
    return sorted(p for folder in folders for p in folder.glob("*.yaml"))


def test_every_invalid_scenario_and_regression_case_exits_2_located_and_writes_nothing(dealsim, root, tmp_path):
    cases = invalid_scenarios(root)
    assert len(cases) >= 30
    out = tmp_path / "out.h5"
    for case in cases:
        for command in (["validate", str(case)], ["run", str(case), "--reps", "2", "--quiet", "--out", str(out)]):
            result = run(dealsim, *command)
            assert result.returncode == 2, (case.name, command[0], result.stderr)
            assert LOCATED.search(result.stderr), (case.name, result.stderr)
            assert "terminate called" not in result.stderr and "internal error" not in result.stderr
            assert not out.exists(), case.name
    assert list(tmp_path.iterdir()) == []


def test_every_sweep_regression_case_exits_2_and_writes_nothing(dealsim, root, tmp_path):
    out = tmp_path / "sweep.h5"
    cases = sorted((root / "tests/fuzz/regressions/sweep").glob("*.yaml"))
    assert len(cases) >= 4
    for case in cases:
        result = run(dealsim, "sweep", str(case), "--quiet", "--out", str(out))
        assert result.returncode == 2, (case.name, result.stderr)
        assert "error" in result.stderr and not out.exists(), case.name


@pytest.mark.parametrize("value", ["8.0", "8", "0x8", "8e0"])
def test_whole_numbers_are_read_the_same_in_validate_run_and_set(dealsim, root, tmp_path, value):
    scenario = tmp_path / "s.yaml"
    scenario.write_text((root / "tests/scenarios/valid/minimal.yaml").read_text() + f"\nreplications: {value}\n")
    assert run(dealsim, "validate", str(scenario)).returncode == 0
    result = run(dealsim, "run", str(scenario), "--quiet", "--out", str(tmp_path / "a.h5"))
    assert result.returncode == 0, result.stderr
    assert "8 of 8 replications" in result.stdout
    result = run(dealsim, "run", str(root / "tests/scenarios/valid/minimal.yaml"), "--quiet",
                 "--set", f"replications={value}", "--out", str(tmp_path / "b.h5"))
    assert result.returncode == 0 and "8 of 8 replications" in result.stdout, result.stderr


def test_unreadable_scenarios_exit_3_with_a_reason(dealsim, tmp_path):
    for path, reason in [(tmp_path / "absent.yaml", "no such file"), (tmp_path, "is a folder"),
                         ("/dev/zero", "larger than 4 MiB")]:
        for command in ("validate", "run"):
            result = run(dealsim, command, str(path), "--quiet" if command == "run" else "--assumptions")
            assert result.returncode == 3, (path, result.stderr)
            assert reason in result.stderr


def test_scenario_names_cannot_write_outside_output(dealsim, root, tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text((root / "tests/scenarios/valid/minimal.yaml").read_text().replace(
        "name: minimal", "name: ../../escaped/x y") + "\nreplications: 2\n")
    work = tmp_path / "work"
    work.mkdir()
    result = run(dealsim, "run", str(scenario), "--quiet", cwd=work)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (work / "output").iterdir()] == ["_.._escaped_x_y.h5"]
    assert not (tmp_path / "escaped").exists()


def test_a_full_disk_exits_3_with_one_line_and_keeps_the_previous_file(dealsim, root, tmp_path):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs to fill needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    if run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        out = disk / "baseline.h5"
        first = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "20", "--quiet", "--out", str(out))
        assert first.returncode == 0, first.stderr
        before = out.read_bytes()
        full = run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "20000", "--quiet", "--force",
                   "--out", str(out))
        assert full.returncode == 3, full.stderr
        assert "disk full" in full.stderr
        assert len(full.stderr.strip().splitlines()) == 1, full.stderr  # no HDF5 diagnostics
        assert out.read_bytes() == before
        assert [p.name for p in disk.iterdir()] == ["baseline.h5"]  # no temporary left
    finally:
        run("umount", str(disk))


def test_two_runs_racing_to_one_new_file_leave_one_complete_result(dealsim, root, tmp_path):
    out = tmp_path / "race.h5"
    command = [dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "3000", "--threads", "1",
               "--quiet", "--out", str(out)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    codes = sorted(code for code, _ in results)
    assert codes[0] == 0, results
    loser = [text for code, text in results if code != 0]
    assert len(loser) == 1, results
    # Refused before the run (exists) or at the end (appeared while writing): never replaced.
    assert codes[1] in (2, 3) and ("exists" in loser[0] or "appeared while this run was writing" in loser[0])
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 1 and int(f.attrs["replications"]) == 3000
    assert [p.name for p in tmp_path.iterdir()] == ["race.h5"]


def test_kill_9_keeps_the_previous_file_and_the_next_run_removes_the_temporary(dealsim, root, tmp_path):
    out = tmp_path / "slow.h5"
    slow = str(root / "tests/scenarios/valid/slow.yaml")
    assert run(dealsim, "run", slow, "--reps", "10", "--quiet", "--out", str(out)).returncode == 0
    before = out.read_bytes()
    process = subprocess.Popen([dealsim, "run", slow, "--reps", "100000", "--quiet", "--force", "--out", str(out)])
    time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    left = [p.name for p in tmp_path.iterdir() if p.name != "slow.h5"]
    assert len(left) == 1 and left[0].startswith(".slow.h5.tmp-"), left
    assert out.read_bytes() == before
    other = tmp_path / "other.h5"
    assert run(dealsim, "run", slow, "--reps", "10", "--quiet", "--out", str(other)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.h5", "slow.h5"]


def test_sighup_keeps_completed_replications_like_sigterm(dealsim, root, tmp_path):
    out = tmp_path / "slow.h5"
    process = subprocess.Popen([dealsim, "run", str(root / "tests/scenarios/valid/slow.yaml"), "--reps", "100000",
                                "--quiet", "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    process.send_signal(signal.SIGHUP)
    process.communicate(timeout=120)
    assert process.returncode == 130
    with h5py.File(out) as f:
        assert f.attrs["complete"] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["slow.h5"]


def test_damaged_results_files_give_exit_3_or_a_summary_never_a_crash(dealsim, root, tmp_path):
    if os.environ.get("DEALSIM_SANITIZED"):
        pytest.skip("under ASan, its memcpy interceptor reports the fault inside libhdf5 before dealsim's guard")
    original = tmp_path / "original.h5"
    assert run(dealsim, "run", str(root / "scenarios/baseline.yaml"), "--reps", "20", "--quiet",
               "--out", str(original)).returncode == 0
    data = original.read_bytes()
    rng = random.Random(20260318)
    codes = collections.Counter()
    for flip in range(150):
        damaged = bytearray(data)
        position = rng.randrange(len(damaged))
        damaged[position] ^= 1 << rng.randrange(8)
        path = tmp_path / "damaged.h5"
        path.write_bytes(bytes(damaged))
        result = run(dealsim, "summary", str(path))
        codes[result.returncode] += 1
        assert result.returncode in (0, 3), (position, result.returncode, result.stderr[-500:])
    # Most flips land in data that reads back (perhaps with a wrong value); some are refused.
    assert codes[0] > 0 and sum(codes.values()) == 150


def test_setting_any_field_of_the_baseline_to_null_gives_a_result_or_a_located_error(dealsim, root):
    import yaml
    tree = yaml.safe_load((root / "scenarios/baseline.yaml").read_text())

    def paths(node, prefix=""):
        if isinstance(node, dict):
            for key, value in node.items():
                path = f"{prefix}.{key}" if prefix else str(key)
                yield path
                yield from paths(value, path)

    every = [p for p in paths(tree) if p != "extends"]
    assert len(every) > 150
    for path in every:
        result = run(dealsim, "validate", str(root / "scenarios/baseline.yaml"), "--set", f"{path}=~")
        assert result.returncode in (0, 2), (path, result.stderr)
        assert "internal error" not in result.stderr, (path, result.stderr)
        if result.returncode == 2:
            assert "--set" in result.stderr or re.search(r"\.yaml:\d+:\d+: ", result.stderr), (path, result.stderr)


def small_results_file(dealsim, root, tmp_path):
    """A results file of 5 replications of the minimal scenario, to damage."""
    path = tmp_path / "r.h5"
    assert run(dealsim, "run", str(root / "tests/scenarios/valid/minimal.yaml"), "--reps", "5", "--quiet",
               "--out", str(path)).returncode == 0
    return path


def read_summaries(dealsim, path):
    """What `summary` and `compare` give on a results file."""
    return [run(dealsim, *command) for command in (["summary", str(path)], ["compare", str(path), str(path)])]


def test_results_files_with_inconsistent_summaries_are_refused(dealsim, root, tmp_path):
    path = small_results_file(dealsim, root, tmp_path)
    with h5py.File(path, "r+") as f:
        units = [u.decode() if isinstance(u, bytes) else u for u in f["summary/units"][()]]
        del f["summary/units"]
        f.create_dataset("summary/units", data=units[:-1], dtype=h5py.string_dtype())
        del f["summary/kind"]
        f.create_dataset("summary/kind", data=["value"], dtype=h5py.string_dtype())
        del f["summary/headline"]
        f.create_dataset("summary/headline", data=[1, 0])
    for result in read_summaries(dealsim, path):
        assert result.returncode == 3, result.stderr
        assert "damaged" in result.stderr


def test_a_headline_column_of_the_wrong_size_is_refused(dealsim, root, tmp_path):
    path = small_results_file(dealsim, root, tmp_path)
    with h5py.File(path, "r+") as f:
        del f["summary/headline"]
        f.create_dataset("summary/headline", data=[1, 0])
    for result in read_summaries(dealsim, path):
        assert result.returncode == 3, result.stderr
        assert "summary/headline holds 2 entries" in result.stderr
