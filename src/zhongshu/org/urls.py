from django.urls import path

from . import admin_views, security_views, views

app_name = "org"

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/login/otp/", views.login_otp, name="login_otp"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/totp/", views.totp_setup, name="totp"),
    path("org/units/", admin_views.unit_list, name="unit_list"),
    path("org/units/new/", admin_views.unit_create, name="unit_create"),
    path("org/units/<int:pk>/", admin_views.unit_edit, name="unit_edit"),
    path("org/units/<int:pk>/deactivate/", admin_views.unit_deactivate, name="unit_deactivate"),
    path("org/units/<int:pk>/activate/", admin_views.unit_activate, name="unit_activate"),
    path("org/users/", admin_views.user_list, name="user_list"),
    path("org/users/new/", admin_views.user_create, name="user_create"),
    path("org/users/<int:pk>/", admin_views.user_detail, name="user_detail"),
    path("org/users/<int:pk>/password/", admin_views.user_password, name="user_password"),
    path("org/users/<int:pk>/deactivate/", admin_views.user_deactivate, name="user_deactivate"),
    path("org/users/<int:pk>/activate/", admin_views.user_activate, name="user_activate"),
    path("org/security/", security_views.security_list, name="security"),
    path("org/security/<int:pk>/unlock/", security_views.security_unlock, name="security_unlock"),
    path("org/security/<int:pk>/totp-reset/", security_views.security_totp_reset, name="security_totp_reset"),
]
