"""Run inside a virtualenv built only from a program's requirements: the program (or the policy pack)
as Pulumi's language host runs it, `runpy.run_path(<program directory>)`, under the recording mocks.

The only thing added to sys.path is a folder holding a link to this repository's `bulkhead` package
(for the recording mocks, which need nothing but the Pulumi SDK); `infra` and `components` come into
reach only through the program's own entry point, exactly as under `pulumi up`.

Argument: JSON {"mode": "program" | "pack", ...}; prints one JSON line with what was recorded.
"""

import json
import runpy
import sys


def run_program(args: dict) -> dict:
    sys.path.insert(0, args["tooling"])
    from bulkhead.plan.recorder import record_program

    records, outputs = record_program(
        lambda: runpy.run_path(args["program_dir"], run_name="__main__"),
        project=args["project"],
        stack=args["stack"],
        organization="organization",
        config=args["config"],
        default_region=args["region"],
        layer=args["layer"],
        stack_outputs=args["stack_outputs"],
    )
    return {
        "types": sorted({record.type for record in records}),
        "resources": len(records),
        "outputs": outputs,
        "modules": sorted({name.split(".")[0] for name in sys.modules}),
    }


def run_pack(args: dict) -> dict:
    import pulumi_policy

    captured: dict = {}

    class CapturedPack:
        """Stands in for PolicyPack, which would start the analyzer server and never return."""

        def __init__(self, name, policies, enforcement_level=None, **_):
            captured.update(
                name=name, policies=[policy.name for policy in policies], enforcement=str(enforcement_level)
            )

    pulumi_policy.PolicyPack = CapturedPack
    runpy.run_path(args["pack_dir"], run_name="__main__")
    return {**captured, "modules": sorted({name.split(".")[0] for name in sys.modules})}


if __name__ == "__main__":
    arguments = json.loads(sys.argv[1])
    result = run_program(arguments) if arguments["mode"] == "program" else run_pack(arguments)
    print(json.dumps(result))
