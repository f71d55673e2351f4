from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_schedules(sender, **kwargs):
    from jomcase.schedules import install_schedules

    install_schedules()


class JomcaseConfig(AppConfig):
    name = "jomcase"
    verbose_name = "Organisation and staff"

    def ready(self):
        # Once per migrate, after django_celery_beat's tables exist.
        post_migrate.connect(
            _install_schedules, sender=self, dispatch_uid="jomcase-install-schedules"
        )
