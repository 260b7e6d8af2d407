routes = []

urlpatterns = []
