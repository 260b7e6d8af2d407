from .views import AgentViewSet

routes = [("agents", AgentViewSet, "agent")]

urlpatterns = []
