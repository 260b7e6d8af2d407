from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("calendar/", views.calendar_home, name="home"),
    path("calendar/connect/<str:provider>/", views.calendar_connect, name="connect"),
    path("calendar/connections/finish/", views.calendar_connect_finish, name="connect-finish"),
    path("calendar/connections/<int:pk>/disconnect/", views.connection_disconnect, name="disconnect"),
    path("calendar/appointments/new/", views.appointment_book, name="book"),
    path("calendar/slots/", views.slot_picker_day, name="slots"),
    path("calendar/appointments/<int:pk>/cancel/", views.appointment_cancel, name="cancel"),
    path("calendar/appointments/<int:pk>/attendance/", views.appointment_attendance, name="attendance"),
]
