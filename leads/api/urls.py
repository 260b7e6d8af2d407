from .views import LeadViewSet

routes = [("leads", LeadViewSet, "lead")]

urlpatterns = []
