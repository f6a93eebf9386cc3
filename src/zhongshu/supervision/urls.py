from django.urls import path

from .views import imports, ledger, matters, overview, papers, tasks, todo

app_name = "supervision"

urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("export.xlsx", imports.export, name="export"),
    path("import/", imports.import_page, name="import"),
    path("import/template.xlsx", imports.template, name="import_template"),
    path("filters/", ledger.filter_save, name="filter_save"),
    path("filters/<int:pk>/delete/", ledger.filter_delete, name="filter_delete"),
    path("todo/", todo.todo, name="todo"),
    path("overview/", overview.overview, name="overview"),
    path("matters/new/", matters.matter_create, name="matter_create"),
    path("matters/<int:pk>/", matters.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/edit/", matters.matter_edit, name="matter_edit"),
    path("matters/<int:pk>/tasks/<int:task_pk>/remove/", matters.task_remove, name="task_remove"),
    path("matters/<int:pk>/<slug:step>/", matters.matter_step, name="matter_step"),
    path("rechecks/<int:pk>/", matters.recheck_record, name="recheck"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/<slug:step>/", tasks.task_step, name="task_step"),
    path("extensions/<int:pk>/decide/", tasks.extension_decide, name="extension_decide"),
    path("coordinations/<int:pk>/answer/", tasks.coordination_answer, name="coordination_answer"),
    path("returns/<int:pk>/decide/", tasks.return_decide, name="return_decide"),
    path("completions/<int:pk>/review/", tasks.completion_review, name="completion_review"),
    path("docs/", papers.doc_list, name="docs"),
    path("docs/<int:pk>/", papers.doc_download, name="doc_download"),
    path("bulletin/", papers.bulletin_page, name="bulletin"),
]
