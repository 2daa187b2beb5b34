from django.core.management.base import BaseCommand, CommandError

from portal.demo.scale import scale_remove, scale_slug, seed_scale


class Command(BaseCommand):
    help = (
        "Load large synthetic data for benchmarks: one closed call (scale-<N>x<M>) with N "
        "eligible applications across the 12 regions and a screening jury of M jurors with "
        "caps and conflicts of interest. Left as it is when it exists (--fresh remakes it, "
        "--remove takes it away)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, required=True, metavar="N")
        parser.add_argument("--jurors", type=int, required=True, metavar="M")
        parser.add_argument("--k", type=int, default=3, help="Jurors per application (3).")
        parser.add_argument(
            "--cap", type=int, default=None, help="Every juror's maximum (default: varied)."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--fresh", action="store_true", help="Remake the data set.")
        parser.add_argument("--remove", action="store_true", help="Take the data set away.")

    def handle(self, *args, applications, jurors, k, cap, seed, fresh, remove, **options):
        if applications < 0 or jurors < 0 or k < 1:
            raise CommandError("--applications and --jurors must be ≥ 0, --k ≥ 1.")
        slug = scale_slug(applications, jurors)
        if remove:
            scale_remove(slug)
            self.stdout.write(f"Removed {slug}.")
            return
        data = seed_scale(
            applications=applications, jurors=jurors, k=k, cap=cap, seed=seed, fresh=fresh
        )
        state = "created" if data.created else "already there (--fresh to remake it)"
        self.stdout.write(
            f"{slug} {state}: {data.applications} applications, {data.jurors} jurors "
            f"(k = {data.jury.jurors_per_application}), {data.conflicts} declared conflicts; "
            f"organizer {data.organizer.email}."
        )
