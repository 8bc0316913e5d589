import factory
from django.contrib.auth.models import Group

from peersupport.accounts.models import User
from tests.support.names import PlainName

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = PlainName
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        self.groups.set([Group.objects.get_or_create(name=str(role))[0] for role in extracted])
        if "admin" in {str(role) for role in extracted}:
            self.is_staff = self.is_superuser = True
            self.save(update_fields=["is_staff", "is_superuser"])
        self.__dict__.pop("roles", None)
