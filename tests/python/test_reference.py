"""scenarios/README.md carries the reference that `dealsim schema` generates."""
import subprocess


def test_scenario_readme_holds_the_generated_reference(dealsim, root):
    generated = subprocess.run([dealsim, "schema"], capture_output=True, text=True, check=True).stdout
    readme = (root / "scenarios/README.md").read_text()
    begin, end = "<!-- BEGIN GENERATED REFERENCE -->\n", "<!-- END GENERATED REFERENCE -->"
    assert begin in readme and end in readme, "scenarios/README.md lacks the reference markers"
    embedded = readme.split(begin, 1)[1].split(end, 1)[0]
    assert embedded == generated, "scenarios/README.md is stale: run scripts/update_reference.sh"
