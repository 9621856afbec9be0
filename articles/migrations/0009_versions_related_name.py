"""An article's language versions are its `versions`: a name in Python only, no table changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_accent_insensitive_fallback_search'),
    ]

    operations = [
        migrations.AlterField(
            model_name='articletranslation',
            name='article',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='articles.article', verbose_name='article'),
        ),
    ]
