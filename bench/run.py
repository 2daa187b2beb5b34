"""`make bench`: the automatic assignment at scale, measured against a greedy baseline.

    .venv/bin/python bench/run.py [--applications 5000] [--jurors 300] [--k 3] [--repeats 3]

Seeds the synthetic data of `seed_scale` (afresh), then measures in the same run, on the
same data, the optimal assignment (`assignment_apply`: load, min-cost flow, write back)
and the greedy round-robin baseline (`bench/greedy.py`: same load, same write back), in
turns; times are medians over `--repeats`. Writes `bench/results.json`: a list of
{"name", "value", "unit", "baseline", "ratio", "params"} (ratio = value / baseline).

Runs on its own SQLite file (var/bench.sqlite3) unless DATABASE_URL names a database
(PostgreSQL); there, the data set is removed at the end (--keep leaves it).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--jurors", type=int, default=300)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--keep", action="store_true", help="Keep the data set at the end.")
    return parser.parse_args()


def setup_django() -> bool:
    """Django on the bench's own SQLite file unless DATABASE_URL is set; True when the
    database is someone else's (clean up afterwards)."""
    external = bool(os.environ.get("DATABASE_URL"))
    if not external:
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no query log: measure what production runs
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return external


def main():
    args = parse_args()
    external = setup_django()

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from bench.greedy import greedy_solve
    from juries import assignment as solver
    from juries.models import Assignment, Jury, JuryMember
    from juries.services import assignment as service
    from portal.demo.scale import scale_remove, scale_slug, seed_scale
    from submissions.enums import EventKind
    from submissions.models import ApplicationEvent

    n, m, k = args.applications, args.jurors, args.k
    started = time.perf_counter()
    data = seed_scale(applications=n, jurors=m, k=k, fresh=True)
    seeding = time.perf_counter() - started
    small_n, small_m = max(1, n // 100), max(k, m // 30)
    small = seed_scale(applications=small_n, jurors=small_m, k=k, fresh=True)
    jury = Jury.objects.select_related("call", "round").get(pk=data.jury.pk)
    actor = data.organizer
    print(f"Seeded {n} applications × {m} jurors in {seeding:.1f} s ({connection.vendor}).")

    def reset():
        Assignment.objects.filter(jury=jury).delete()
        ApplicationEvent.objects.filter(
            application__call=jury.call, kind__in=[EventKind.ASSIGNED, EventKind.UNASSIGNED]
        ).delete()

    def optimal_end_to_end():
        begin = time.perf_counter()
        plan = service.assignment_apply(jury=jury, actor=actor)
        return time.perf_counter() - begin, plan

    def greedy_end_to_end():
        # What assignment_apply does, with the greedy baseline as the solver.
        begin = time.perf_counter()
        with transaction.atomic():
            Jury.objects.select_for_update().filter(pk=jury.pk).values_list("pk").first()
            inputs = service._load(jury)
            plan = service._plan(inputs, solve=greedy_solve)
            service._write(jury=jury, plan=plan, inputs=inputs, actor=actor)
        return time.perf_counter() - begin, plan

    def assigned_per_application():
        counts = dict.fromkeys(
            jury.call.applications.values_list("pk", flat=True), 0
        )  # every application of the pool (all eligible here)
        for application_id in Assignment.objects.filter(jury=jury).values_list(
            "application_id", flat=True
        ):
            counts[application_id] += 1
        return counts

    # The solvers alone, on the arrays the service builds from the same data.
    reset()
    inputs = service._load(jury)
    solve_times: dict[str, list[float]] = {"optimal": [], "greedy": []}
    for _repeat in range(args.repeats):
        for name, solve in (("optimal", solver.solve), ("greedy", greedy_solve)):

            def timed(name=name, solve=solve, **kwargs):
                begin = time.perf_counter()
                result = solve(**kwargs)
                solve_times[name].append(time.perf_counter() - begin)
                return result

            service._plan(inputs, solve=timed)

    times = {"optimal": [], "greedy": []}
    plans, shortages = {}, {}
    for repeat in range(args.repeats):
        for name, run in (("optimal", optimal_end_to_end), ("greedy", greedy_end_to_end)):
            reset()
            elapsed, plan = run()
            times[name].append(elapsed)
            plans[name] = plan
            shortages[name] = sum(1 for c in assigned_per_application().values() if c < k)
            print(f"  run {repeat + 1} {name}: {elapsed:.2f} s end to end")
    reset()

    with CaptureQueriesContext(connection) as big:
        service._load(jury)
    small_jury = Jury.objects.get(pk=small.jury.pk)
    with CaptureQueriesContext(connection) as little:
        service._load(small_jury)

    # Tight caps: every juror's maximum at the fair share, so the caps total exactly what
    # is needed. Where the greedy strands applications, the flow still finds room.
    caps = dict(JuryMember.objects.filter(jury=jury).values_list("pk", "max_assignments"))
    fair = -(-n * k // m)
    JuryMember.objects.filter(jury=jury).update(max_assignments=fair)
    tight = {}
    for name, run in (("optimal", optimal_end_to_end), ("greedy", greedy_end_to_end)):
        reset()
        elapsed, plan = run()
        short = sum(1 for c in assigned_per_application().values() if c < k)
        tight[name] = (elapsed, plan, short)
        print(f"  tight caps ({fair} each) {name}: {elapsed:.2f} s, {short} applications short")
    reset()
    for pk, cap in caps.items():
        JuryMember.objects.filter(pk=pk).update(max_assignments=cap)

    optimal, greedy = plans["optimal"], plans["greedy"]

    def spread(plan):
        loads = [load.after for load in plan.loads if load.is_active]
        return max(loads) - min(loads)

    # The quantity the min-cost flow minimizes, with the optimal run's weights; an
    # assignment missing costs more than any balance or match difference.
    top = max(x.cap for x in optimal.loads)
    weights = solver.weights(flow=optimal.needed, top_position=top, with_moves=True)
    missing_cost = weights.move

    def cost(plan):
        o = plan.objective
        return (
            missing_cost * (plan.needed - o.assigned)
            + weights.balance * o.balance
            + solver.MATCH_MAX * o.assigned
            - o.match
        )

    def percent_above(value, reference):
        return float(f"{100 * (value - reference) / reference:.3g}") if reference else 0.0

    params = {
        "applications": n,
        "jurors": m,
        "k": k,
        "database": connection.vendor,
        "repeats": args.repeats,
        "pairs_offered": n * m,
        "caps_total": sum(x.cap for x in optimal.loads),
        "declared_conflicts": data.conflicts,
        "baseline": "greedy round-robin by lowest load (bench/greedy.py), same load and write",
    }

    def entry(name, value, unit, baseline, **extra):
        ratio = round(value / baseline, 4) if baseline else None
        if not baseline and value == baseline:
            ratio = 1.0  # nothing to divide by, and equal
        return {
            "name": name,
            "value": value,
            "unit": unit,
            "baseline": baseline,
            "ratio": ratio,
            "params": params | extra,
        }

    med = statistics.median
    results = [
        entry(
            "assignment_end_to_end",
            round(med(times["optimal"]), 3),
            "s",
            round(med(times["greedy"]), 3),
            runs={name: [round(t, 3) for t in values] for name, values in times.items()},
            note="load, solve and write back (bulk_create, one history event per application)",
        ),
        entry(
            "assignment_solve",
            round(med(solve_times["optimal"]), 3),
            "s",
            round(med(solve_times["greedy"]), 3),
            note="the solver alone, on the arrays the service builds",
        ),
        entry(
            "assignment_load_queries",
            len(big.captured_queries),
            "queries",
            len(little.captured_queries),
            note=f"baseline: the same load for {small_n} applications × {small_m} jurors",
        ),
        entry(
            "assignments_made",
            optimal.objective.assigned,
            "assignments",
            greedy.objective.assigned,
            needed=optimal.needed,
        ),
        entry("applications_left_short", shortages["optimal"], "applications", shortages["greedy"]),
        entry("load_spread", spread(optimal), "applications (max - min)", spread(greedy)),
        entry(
            "load_balance_cost",
            optimal.objective.balance,
            "sum of 1+2+…+load",
            greedy.objective.balance,
        ),
        entry("match_score", optimal.objective.match, "points (4 + 2 + 1)", greedy.objective.match),
        entry(
            "expertise_match_share",
            round(optimal.expertise_share, 4),
            "share",
            round(greedy.expertise_share, 4),
        ),
        entry(
            "objective_cost",
            cost(optimal),
            "weighted cost",
            cost(greedy),
            optimality_gap_percent=float(
                f"{100 * (cost(greedy) - cost(optimal)) / cost(optimal):.3g}"
            ),
            gap_by_priority={
                "assignments_more_in_optimal": optimal.objective.assigned
                - greedy.objective.assigned,
                "greedy_balance_cost_percent_above_optimal": percent_above(
                    greedy.objective.balance, optimal.objective.balance
                ),
                "optimal_match_score_percent_above_greedy": percent_above(
                    optimal.objective.match, greedy.objective.match
                ),
            },
            weights={"missing": missing_cost, "balance": weights.balance, "match": 1},
        ),
    ]
    results += [
        entry(
            "tight_caps_applications_left_short",
            tight["optimal"][2],
            "applications",
            tight["greedy"][2],
            caps=f"{fair} for every juror (total = needed)",
        ),
        entry(
            "tight_caps_assignments_made",
            tight["optimal"][1].objective.assigned,
            "assignments",
            tight["greedy"][1].objective.assigned,
            caps=f"{fair} for every juror (total = needed)",
            needed=tight["optimal"][1].needed,
        ),
        entry(
            "tight_caps_end_to_end",
            round(tight["optimal"][0], 3),
            "s",
            round(tight["greedy"][0], 3),
            caps=f"{fair} for every juror (total = needed)",
            note="one run each",
        ),
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

    width = max(len(r["name"]) for r in results)
    print(f"\n{'figure'.ljust(width)}  {'optimal':>16}  {'greedy':>16}  ratio")
    for r in results:
        print(f"{r['name'].ljust(width)}  {r['value']!s:>16}  {r['baseline']!s:>16}  {r['ratio']}")
    print(f"\nWrote {args.output}.")

    if external and not args.keep:
        scale_remove(scale_slug(n, m))
        scale_remove(scale_slug(small_n, small_m))


if __name__ == "__main__":
    main()
