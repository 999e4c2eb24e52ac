from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ascassure.apps.accounts.forms import SignInForm
from ascassure.apps.accounts.selectors import user_assignments, user_memberships


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": user_memberships(user=request.user),
            "assignments": user_assignments(user=request.user),
        },
    )
