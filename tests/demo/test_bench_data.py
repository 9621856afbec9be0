"""bench_data refuses sizes it cannot build a data set from, before touching the database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.parametrize("option", ["--series", "--articles", "--authors", "--tags"])
@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_count_below_one_is_refused_on_one_line(option, value):
    with pytest.raises(CommandError, match=rf"argument {option}: must be at least 1, not {value}"):
        call_command("bench_data", option, value)


def test_a_count_that_is_not_a_number_is_refused_on_one_line():
    with pytest.raises(CommandError, match=r"argument --series: invalid count value: 'many'"):
        call_command("bench_data", "--series", "many")
