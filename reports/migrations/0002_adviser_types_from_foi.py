"""Reference data: the adviser types of the FOI VTR 1150 headcount table, and Work Coach.

Names are spelt exactly as the published table spells them and keep its row order (positions 1
to 18). Work Coach, the role that most of them became, follows at 100, the position the demo
data gives it. Types that already exist are left as they are. The list is written out here, not
imported, so this migration keeps doing what it did when the app's code changes.
"""

from django.db import migrations

ADVISER_TYPES = (
    ("Jobseekers Allowance (JSA) Adviser", 1),
    ("Jobseekers Allowance (JSA) New Jobseekers Interview (NJI) Adviser", 2),
    ("Post Work Programme Support (PWPS) Adviser", 3),
    ("Youth Contract Hot Spot Adviser", 4),
    ("Employment and Support Allowance (ESA) Adviser", 5),
    ("Income Support (IS) Adviser", 6),
    ("16/17 Year Old Specialist Adviser", 7),
    ("Pilot for 16/17 Year Olds Adviser", 8),
    ("18-19 Not In Employment Education or Training (NEET) Adviser", 9),
    ("Disability Employment Adviser", 10),
    ("ESA 18-24 Pilot Adviser", 11),
    ("Local Authorities Families Programme Adviser", 12),
    ("Community Outreach Adviser", 13),
    ("Outreach Adviser", 14),
    ("Remploy Personal Case Worker (PCW) Adviser", 15),
    ("Discharged Prisoner Adviser", 16),
    ("Universal Credit (UC) Adviser / Coach", 17),
    ("Employer Advisers", 18),
    ("Work Coach", 100),
)


def add_adviser_types(apps, schema_editor):
    AdviserType = apps.get_model("jomcase", "AdviserType")
    for name, position in ADVISER_TYPES:
        AdviserType.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [
        ("jomcase", "0003_job_runs"),
        ("reports", "0001_initial"),
    ]

    # Reversing leaves the rows: returns and staff may refer to them by then.
    operations = [migrations.RunPython(add_adviser_types, migrations.RunPython.noop)]
