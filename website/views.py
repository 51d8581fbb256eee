from django.shortcuts import render

from website import queries


def home(request):
    return render(request, "website/home.html")


def network(request):
    """Where the movement works: countries and cities only, never people."""
    return render(request, "website/network.html", {"countries": queries.where_we_work()})
