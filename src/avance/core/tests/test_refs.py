from avance.core.refs import full_ref


def test_it_prefixes_local_numbers_with_the_parents_reference():
    assert full_ref("1.1", "3") == "1.1.3"


def test_it_keeps_references_printed_in_full():
    assert full_ref("1", "1.2") == "1.2"
    assert full_ref("", "4") == "4"


def test_an_unnumbered_item_has_no_reference():
    assert full_ref("2", "") == ""
