"""Files: checked by content, stored outside the web root with a checksum, all or nothing."""

import hashlib
import io
import os
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from ascassure.apps.inforeturn import services, storage
from ascassure.apps.inforeturn.models import IRItem, IRUpload
from ascassure.files import FILE_TOO_BIG, NOT_SUPPORTED, WRONG_EXTENSION
from builders import make_ir_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def files_on_disk(media_root) -> list[str]:
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


def store(item: IRItem, name: str, content: bytes, by=None):
    item.refresh_from_db()
    return services.ir_upload_store(
        item=item, upload=SimpleUploadedFile(name, content), by=by, expected_version=item.version
    )


def test_a_file_is_stored_under_a_random_name_with_its_checksum_and_the_type_of_its_content(
    ir, assessment, people, media_root
):
    upload = make_ir_upload(
        item=ir.items.get(key="self_assessment"), by=people.editor, name="Our SA.pdf", content=PDF
    )
    assert upload.original_name == "Our SA.pdf"
    assert upload.file_kind == "pdf" and upload.content_type == "application/pdf"
    assert upload.size == len(PDF)
    assert upload.sha256 == hashlib.sha256(PDF).hexdigest()
    assert upload.uploaded_by == people.editor
    assert upload.stored_name.startswith(f"inforeturn/{assessment.pk}/")
    assert upload.stored_name.endswith(".pdf") and "Our SA" not in upload.stored_name
    assert upload.path.read_bytes() == PDF
    assert files_on_disk(media_root) == [upload.stored_name]


def test_the_stored_file_appears_only_when_the_transaction_commits(
    ir, people, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload = store(ir.items.get(key="strategy"), "s.pdf", PDF, by=people.editor)
        assert not upload.path.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert upload.path.read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("strategy.pdf", b"MZ\x90\x00\x03 an executable", NOT_SUPPORTED),
        ("strategy.pdf", docx(), WRONG_EXTENSION.format(extension="pdf", actual="a Word document")),
        ("strategy.docx", PDF, WRONG_EXTENSION.format(extension="docx", actual="a PDF")),
        ("strategy.pdf", b"", "The file is empty."),
    ],
    ids=["wrong type", "name says PDF, content is Word", "name says Word, content is PDF", "empty"],
)
def test_a_refused_upload_says_why_and_leaves_no_row_and_no_file(
    ir, people, media_root, name, content, message
):
    with pytest.raises(services.ServiceRefusal) as refused:
        store(ir.items.get(key="strategy"), name, content, by=people.editor)
    assert refused.value.reasons == (message,)
    assert not IRUpload.objects.exists()
    assert files_on_disk(media_root) == []
    assert ir.items.get(key="strategy").version == 1


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    ir, people, media_root, monkeypatch
):
    monkeypatch.setattr("ascassure.apps.inforeturn.services.answers.MAX_UPLOAD_BYTES", 10)
    with pytest.raises(services.ServiceRefusal) as refused:
        store(ir.items.get(key="strategy"), "big.pdf", PDF, by=people.editor)
    assert refused.value.reasons == (FILE_TOO_BIG.format(limit="10 bytes"),)
    assert not IRUpload.objects.exists() and files_on_disk(media_root) == []


def test_the_size_limit_is_named_in_megabytes():
    with pytest.raises(services.ServiceRefusal) as refused:
        big = SimpleUploadedFile("big.pdf", b"")
        big.size = 26 * 1024 * 1024
        services.ir_upload_store(item=IRItem(), upload=big, by=None, expected_version=1)
    assert refused.value.reasons == ("The file is too big. Files must be 25 MB or smaller.",)


def test_a_failure_after_the_file_was_received_leaves_no_row_and_no_file(
    ir, people, media_root, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(IRUpload.objects, "create", broken)
    with pytest.raises(RuntimeError):
        store(ir.items.get(key="strategy"), "s.pdf", PDF, by=people.editor)
    assert not IRUpload.objects.exists()
    assert files_on_disk(media_root) == []


def test_an_upload_from_a_stale_page_is_refused_and_leaves_no_file(ir, people, media_root):
    strategy = ir.items.get(key="strategy")
    stale = strategy.version
    make_ir_upload(item=strategy, by=people.editor)
    before = files_on_disk(media_root)
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_upload_store(
            item=strategy,
            upload=SimpleUploadedFile("s.pdf", PDF),
            by=people.editor,
            expected_version=stale,
        )
    assert refused.value.reasons == (services.ITEM_STALE,)
    assert IRUpload.objects.count() == 1
    assert files_on_disk(media_root) == before


def test_an_outer_rollback_leaves_only_an_incoming_file_which_the_daily_sweep_removes(
    ir, people, media_root
):
    with pytest.raises(RuntimeError), transaction.atomic():
        store(ir.items.get(key="strategy"), "s.pdf", PDF, by=people.editor)
        raise RuntimeError("the caller's transaction fails")
    assert not IRUpload.objects.exists()
    leftovers = [p for p in media_root.rglob("*") if p.is_file()]
    assert [p.name.startswith(storage.INCOMING_PREFIX) for p in leftovers] == [True]
    assert storage.incoming_sweep() == 0  # too recent to be abandoned
    old = time.time() - 2 * 24 * 3600
    os.utime(leftovers[0], (old, old))
    assert storage.incoming_sweep() == 1
    assert files_on_disk(media_root) == []


def test_removing_a_file_deletes_it_from_disk_when_the_removal_commits(
    ir, people, media_root, django_capture_on_commit_callbacks
):
    strategy = ir.items.get(key="strategy")
    upload = make_ir_upload(item=strategy, by=people.editor)
    strategy.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.ir_upload_remove(
            upload=upload, by=people.editor, expected_version=strategy.version
        )
    assert not IRUpload.objects.exists()
    assert files_on_disk(media_root) == []


def test_a_file_another_item_points_to_cannot_be_removed(ir, people, media_root):
    upload = make_ir_upload(item=ir.items.get(key="self_assessment"), by=people.editor)
    carers = ir.items.get(key="carers_strategy")
    services.ir_item_answer(
        item=carers,
        pointer_upload=upload,
        pointer_section="5",
        by=people.editor,
        expected_version=carers.version,
    )
    owner = ir.items.get(key="self_assessment")
    with pytest.raises(services.ServiceRefusal) as refused:
        services.ir_upload_remove(upload=upload, by=people.editor, expected_version=owner.version)
    assert refused.value.reasons == (services.UPLOAD_POINTED_TO,)
    assert upload.path.exists()


def test_file_names_are_cleaned_of_paths_and_control_characters():
    assert storage.clean_filename("C:\\Users\\me\\Strategy.pdf") == "Strategy.pdf"
    assert storage.clean_filename("../../etc/passwd") == "passwd"
    assert storage.clean_filename('a"b<c>\x07.pdf') == "abc.pdf"
    assert storage.clean_filename("") == "file"


def test_a_stored_name_cannot_leave_the_upload_area(media_root):
    with pytest.raises(ValueError):
        storage.resolve("inforeturn/../../secret")
    with pytest.raises(ValueError):
        storage.new_stored_name(1, "p/df")
