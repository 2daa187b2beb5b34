from django.shortcuts import render

from portal.permissions import role_required


@role_required("juries.open_workspace")
def workspace(request):
    return render(request, "juries/workspace.html")
