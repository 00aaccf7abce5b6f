"""Registers the appraisal pages and REST resources."""
from flask_babel import lazy_gettext as _l


def register(appbuilder, add_view) -> None:
    from app.appraisal import people, workflows  # noqa: F401  (declares the workflows)
    from app.appraisal.api import AppraisalApi, AppraisalCycleApi, KpiTemplateApi
    from app.appraisal.metrics import register_all
    from app.appraisal.views import (
        AppraisalBoardView,
        AppraisalCycleView,
        AppraisalView,
        KpiTemplateView,
    )
    from app.appraisal.views_people import (
        AppraisalActionApi,
        AppraisalActionView,
        DisciplineApi,
        DisciplineView,
        HonourApi,
        HonourView,
        PersonnelFileView,
    )
    from app.appraisal.views_training import (
        TrainingApi,
        TrainingRecordApi,
        TrainingRecordView,
        TrainingView,
    )

    register_all()
    cat = ("Appraisal", _l("Appraisals"), "fa-star")
    add_view(appbuilder, AppraisalView, "Appraisals", _l("Appraisals"), "fa-star-half-o", *cat)
    appbuilder.add_view(AppraisalBoardView, "Published results",
                        label=_l("Published results"), icon="fa-bullhorn", category=cat[0],
                        category_label=cat[1], category_icon=cat[2])
    add_view(appbuilder, AppraisalCycleView, "Appraisal cycles", _l("Appraisal cycles"),
             "fa-calendar", *cat)
    add_view(appbuilder, KpiTemplateView, "KPI templates", _l("KPI templates"), "fa-sliders",
             *cat)
    add_view(appbuilder, TrainingView, "Training plan", _l("Training plan"), "fa-graduation-cap",
             *cat)
    add_view(appbuilder, TrainingRecordView, "Training results", _l("Training results"),
             "fa-check-square-o", *cat)
    add_view(appbuilder, HonourView, "Honours", _l("Honours"), "fa-trophy", *cat)
    add_view(appbuilder, DisciplineView, "Disciplinary records", _l("Disciplinary records"),
             "fa-gavel", *cat)
    add_view(appbuilder, AppraisalActionView, "Post-evaluation actions",
             _l("Post-evaluation actions"), "fa-hand-o-right", *cat)
    appbuilder.add_view(PersonnelFileView, "Personnel file", label=_l("My personnel file"),
                        icon="fa-folder-open-o", category=cat[0], category_label=cat[1],
                        category_icon=cat[2])
    for api in (AppraisalApi, AppraisalCycleApi, KpiTemplateApi, TrainingApi,
                TrainingRecordApi, HonourApi, DisciplineApi, AppraisalActionApi):
        appbuilder.add_api(api)
