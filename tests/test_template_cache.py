"""Compiled templates are kept between builds, and never used for a changed template or other settings."""

import jinja2

from builder.pages.render import TemplateCache


def _render(folder, cache_dir, **settings) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, **settings)
    env.bytecode_cache = TemplateCache(env, str(cache_dir))
    return env.get_template("page.html").render(name="Zenda")


def test_a_template_edited_between_builds_is_compiled_anew(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t/page.html").write_text("Hello {{ name }}")
    assert _render(tmp_path / "t", tmp_path) == "Hello Zenda"
    assert any(tmp_path.glob("__jinja2_*.cache"))  # the compiled template was kept
    (tmp_path / "t/page.html").write_text("Goodbye {{ name }}")
    assert _render(tmp_path / "t", tmp_path) == "Goodbye Zenda"


def test_the_same_template_under_other_settings_is_not_taken_from_the_cache(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t/page.html").write_text("{% if name %}\n{{ name }}\n{% endif %}\n")
    plain = _render(tmp_path / "t", tmp_path)
    trimmed = _render(tmp_path / "t", tmp_path, trim_blocks=True)
    assert plain == "\nZenda\n" and trimmed == "Zenda\n"
    assert _render(tmp_path / "t", tmp_path) == plain  # and each reads its own entry back
    assert len(list(tmp_path.glob("__jinja2_*.cache"))) == 2
