from django.shortcuts import render

from public import queries


def home(request):
    return render(request, "public/home.html")


def network(request):
    """Where the movement works: countries and cities only, never people."""
    return render(request, "public/network.html", {"countries": queries.where_we_work()})
