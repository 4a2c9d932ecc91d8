#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Project policy checks for Heart.work ONE's data files.

These cover what Debian 12's appstreamcli 0.16 and desktop-file-validate do not check but
Flathub's linter (flatpak-builder-lint) and reviewers do. Each subcommand prints one line per
problem, as "FILE: problem", and exits 1 if there is any problem, 0 otherwise.

Standard library only, so it runs on a bare Debian 12 python3; the one exception is
"manifest-schema", which needs python3-jsonschema and is skipped (exit 77) without it.
"""

import argparse
import configparser
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'

NAME_MAX = 20
SUMMARY_MAX = 35

# Top-level manifest keys in the order Flathub reviewers expect to read them.
MANIFEST_KEY_ORDER = [
    'id', 'app-id', 'runtime', 'runtime-version', 'sdk', 'sdk-extensions', 'base',
    'base-version', 'command', 'finish-args', 'cleanup', 'cleanup-commands',
    'build-options', 'modules',
]

LOW_QUALITY_CATEGORIES = {'GTK', 'GNOME', 'Qt', 'KDE', 'Application'}

# Extraction markers for POTFILES completeness.
GETTEXT_CALL_RE = re.compile(r'(?<![A-Za-z0-9_])(?:NC_|N_|C_|_)\(')
TRANSLATABLE_ATTR_RE = re.compile(r'translatable\s*=\s*["\']yes["\']')
# Files whose format carries translatable strings without any marker.
ITS_FILE_RE = re.compile(r'\.(?:desktop\.in|metainfo\.xml\.in|appdata\.xml\.in|gschema\.xml)$')
POTFILES_SCAN_DIRS = ('src', 'data')
SKIP_DIR_NAMES = {'.git', '__pycache__', 'node_modules'}
MAX_SCAN_BYTES = 4 * 1024 * 1024

# The arguments meson's i18n.gettext(preset: 'glib') passes to xgettext.
XGETTEXT_GLIB_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]


class Report:
    def __init__(self):
        self.problems = []
        self.notes = []

    def problem(self, where, message):
        self.problems.append('%s: %s' % (where, message))

    def note(self, where, message):
        self.notes.append('%s: note: %s' % (where, message))

    def finish(self, what):
        for line in self.notes:
            print(line)
        for line in self.problems:
            print(line)
        if self.problems:
            print('%s: %d problem(s)' % (what, len(self.problems)))
            return 1
        print('%s: OK' % what)
        return 0


def text_of(element):
    return ''.join(element.itertext()).strip() if element is not None else ''


def untranslated(elements):
    return [e for e in elements if e.get(XML_LANG) is None]


def version_key(version):
    return [int(part) if part.isdigit() else part
            for part in re.split(r'[.\-~+]', version)]


# ---------------------------------------------------------------------------------------------
# metainfo

def check_metainfo(args):
    report = Report()
    path = args.file
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        report.problem(path, 'cannot parse: %s' % e)
        return report.finish('metainfo')

    if root.tag != 'component' or root.get('type') != 'desktop-application':
        report.problem(path, 'root element must be <component type="desktop-application">')

    component_id = text_of(root.find('id'))
    if component_id != args.app_id:
        report.problem(path, '<id> is "%s", expected "%s"' % (component_id, args.app_id))
    expected_name = args.app_id + '.metainfo.xml'
    if os.path.basename(path) not in (expected_name, expected_name + '.in'):
        report.problem(path, 'file must be named %s' % expected_name)

    for tag in ('metadata_license', 'project_license'):
        if not text_of(root.find(tag)):
            report.problem(path, '<%s> is missing' % tag)

    # name and summary
    names = untranslated(root.findall('name'))
    if len(names) != 1 or not text_of(names[0]):
        report.problem(path, 'exactly one untranslated, non-empty <name> is required')
    elif len(text_of(names[0])) > NAME_MAX:
        report.problem(path, '<name> "%s" is %d characters, at most %d allowed'
                       % (text_of(names[0]), len(text_of(names[0])), NAME_MAX))
    summaries = untranslated(root.findall('summary'))
    if len(summaries) != 1 or not text_of(summaries[0]):
        report.problem(path, 'exactly one untranslated, non-empty <summary> is required')
    else:
        summary = text_of(summaries[0])
        if len(summary) > SUMMARY_MAX:
            report.problem(path, '<summary> "%s" is %d characters, at most %d allowed'
                           % (summary, len(summary), SUMMARY_MAX))
        if summary.endswith('.'):
            report.problem(path, '<summary> must not end with a full stop')
        if re.match(r'(?i)(a|an|the)\s', summary):
            report.problem(path, '<summary> must not start with an article')

    # developer
    if root.find('developer_name') is not None:
        report.problem(path, 'legacy <developer_name> is deprecated, use <developer id=…><name>')
    developers = root.findall('developer')
    if len(developers) != 1:
        report.problem(path, 'exactly one <developer> is required, found %d' % len(developers))
    else:
        developer = developers[0]
        dev_id = developer.get('id', '')
        if not re.fullmatch(r'[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+', dev_id):
            report.problem(path, '<developer> needs a reverse-DNS id attribute, got "%s"' % dev_id)
        dev_names = untranslated(developer.findall('name'))
        if len(dev_names) != 1 or not text_of(dev_names[0]):
            report.problem(path, '<developer> needs exactly one untranslated, non-empty <name>')

    # description
    description = untranslated(root.findall('description'))
    if len(description) != 1:
        report.problem(path, 'exactly one untranslated <description> is required')
    else:
        check_description(report, path, description[0], 'description')
        if not any(text_of(e) for e in description[0] if e.tag in ('p', 'ul', 'ol')):
            report.problem(path, '<description> needs at least one non-empty <p>, <ul> or <ol>')

    # launchable
    launchables = root.findall('launchable')
    desktop_id = args.app_id + '.desktop'
    if not any(l.get('type') == 'desktop-id' and text_of(l) == desktop_id for l in launchables):
        report.problem(path, '<launchable type="desktop-id"> must be "%s"' % desktop_id)

    # branding
    schemes = {}
    for color in root.findall('branding/color'):
        if color.get('type') != 'primary':
            continue
        value = text_of(color)
        scheme = color.get('scheme_preference', '')
        if not re.fullmatch(r'#[0-9A-Fa-f]{6}', value):
            report.problem(path, 'branding colour "%s" is not #rrggbb' % value)
        schemes[scheme] = value
    for scheme in ('light', 'dark'):
        if scheme not in schemes:
            report.problem(path, '<branding> lacks a primary colour for the %s scheme' % scheme)
    if 'light' in schemes and schemes.get('light', '').lower() == schemes.get('dark', '').lower():
        report.problem(path, 'light and dark branding colours are identical')

    # content rating
    ratings = root.findall('content_rating')
    if len(ratings) != 1 or ratings[0].get('type') != 'oars-1.1':
        report.problem(path, 'exactly one <content_rating type="oars-1.1"> is required')

    # urls
    urls = {}
    for url in root.findall('url'):
        urls[url.get('type')] = text_of(url)
    if not urls.get('homepage'):
        report.problem(path, '<url type="homepage"> is required')
    for kind, value in urls.items():
        if not value.startswith(('https://', 'mailto:')):
            report.problem(path, '<url type="%s"> must be an https URL: "%s"' % (kind, value))

    # screenshots
    screenshots = root.findall('screenshots/screenshot')
    if not screenshots:
        report.problem(path, 'at least one <screenshot> is required')
    defaults = [s for s in screenshots if s.get('type') == 'default']
    if screenshots and len(defaults) != 1:
        report.problem(path, 'exactly one screenshot must have type="default", found %d'
                       % len(defaults))
    for n, shot in enumerate(screenshots, 1):
        where = 'screenshot %d' % n
        captions = untranslated(shot.findall('caption'))
        if len(captions) != 1 or not text_of(captions[0]):
            report.problem(path, '%s has no caption' % where)
        elif text_of(captions[0]).endswith('.'):
            report.problem(path, '%s: caption must not end with a full stop' % where)
        images = shot.findall('image')
        if not images:
            report.problem(path, '%s has no <image>' % where)
        for image in images:
            url = text_of(image)
            if not url.startswith('https://'):
                report.problem(path, '%s: image URL must be https: "%s"' % (where, url))
            if url.lower().endswith('.svg'):
                report.problem(path, '%s: SVG screenshots are not allowed' % where)

    # releases
    releases = root.findall('releases/release')
    if not releases:
        report.problem(path, '<releases> with at least one <release> is required')
    today = datetime.datetime.now(datetime.timezone.utc).date()
    previous = None
    for n, release in enumerate(releases):
        version = release.get('version', '')
        where = 'release "%s"' % version
        if not version:
            report.problem(path, 'release %d has no version' % (n + 1))
        date = release_date(release)
        if date is None:
            report.problem(path, '%s has no valid date (YYYY-MM-DD)' % where)
        elif date > today:
            report.problem(path, '%s is dated %s, in the future' % (where, date.isoformat()))
        note = untranslated(release.findall('description'))
        if not note or not text_of(note[0]):
            report.problem(path, '%s has no release note (<description>)' % where)
        else:
            check_description(report, path, note[0], where + ' description')
        if previous is not None:
            prev_version, prev_date = previous
            if version and prev_version and version_key(version) >= version_key(prev_version):
                report.problem(path, 'releases not newest first: "%s" after "%s"'
                               % (version, prev_version))
            if date and prev_date and date > prev_date:
                report.problem(path, 'release dates not newest first: %s after %s'
                               % (date, prev_date))
        previous = (version, date)
    if releases and args.version and releases[0].get('version') != args.version:
        report.problem(path, 'newest release is "%s" but the project version is "%s"'
                       % (releases[0].get('version'), args.version))

    # translation
    translations = [t for t in root.findall('translation') if t.get('type') == 'gettext']
    if not translations:
        report.problem(path, '<translation type="gettext"> is missing')
    elif args.package and text_of(translations[0]) != args.package:
        report.problem(path, '<translation type="gettext"> is "%s", expected "%s"'
                       % (text_of(translations[0]), args.package))

    return report.finish('metainfo')


def release_date(release):
    value = release.get('date')
    if value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    stamp = release.get('timestamp')
    if stamp and stamp.isdigit():
        return datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc).date()
    return None


def check_description(report, path, element, where):
    allowed = {'p', 'ul', 'ol', 'li', 'em', 'code'}
    for child in element.iter():
        if child is element:
            continue
        if child.tag not in allowed:
            report.problem(path, '%s: <%s> is not allowed (only p, ul, ol, li, em, code)'
                           % (where, child.tag))


# ---------------------------------------------------------------------------------------------
# desktop

def check_desktop(args):
    report = Report()
    path = args.file
    parser = configparser.RawConfigParser(interpolation=None, strict=True,
                                          comment_prefixes=('#',), delimiters=('=',))
    parser.optionxform = str
    try:
        with open(path, encoding='utf-8') as f:
            parser.read_file(f)
    except (OSError, configparser.Error, UnicodeDecodeError) as e:
        report.problem(path, 'cannot parse: %s' % e)
        return report.finish('desktop')

    if os.path.basename(path) not in (args.app_id + '.desktop', args.app_id + '.desktop.in'):
        report.problem(path, 'file must be named %s.desktop' % args.app_id)
    if not parser.has_section('Desktop Entry'):
        report.problem(path, '[Desktop Entry] group is missing')
        return report.finish('desktop')
    entry = parser['Desktop Entry']

    if entry.get('Type') != 'Application':
        report.problem(path, 'Type must be Application')
    exec_line = entry.get('Exec', '')
    if not exec_line:
        report.problem(path, 'Exec is required (even with DBusActivatable=true)')
    elif 'flatpak run' in exec_line:
        report.problem(path, 'Exec must not contain "flatpak run"')
    icon = entry.get('Icon', '')
    if not (icon == args.app_id or icon.startswith((args.app_id + '.', args.app_id + '-'))):
        report.problem(path, 'Icon must be the app id "%s", got "%s"' % (args.app_id, icon))
    for key in ('Hidden', 'NoDisplay'):
        if entry.get(key, 'false').strip().lower() == 'true':
            report.problem(path, '%s=true hides the application' % key)
    categories = [c for c in entry.get('Categories', '').split(';') if c]
    if not categories:
        report.problem(path, 'Categories is missing')
    elif all(c in LOW_QUALITY_CATEGORIES for c in categories):
        report.problem(path, 'Categories has only low-quality entries (%s)' % ';'.join(categories))
    for key in ('Name', 'Comment'):
        if not entry.get(key):
            report.problem(path, '%s is missing' % key)
    if entry.get('DBusActivatable', 'false').lower() == 'true':
        report.note(path, 'DBusActivatable=true needs share/dbus-1/services/%s.service'
                    % args.app_id)

    return report.finish('desktop')


# ---------------------------------------------------------------------------------------------
# manifest

def _no_duplicate_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError('duplicate key "%s"' % key)
        seen[key] = value
    return seen


def check_manifest(args):
    report = Report()
    path = args.file
    try:
        with open(path, 'rb') as f:
            raw = f.read()
        text = raw.decode('utf-8')
        manifest = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        report.problem(path, 'not valid UTF-8 JSON: %s' % e)
        return report.finish('manifest')

    if b'\r' in raw:
        report.problem(path, 'use LF line endings')
    if not raw.endswith(b'\n'):
        report.problem(path, 'file must end with a newline')
    if not isinstance(manifest, dict):
        report.problem(path, 'top level must be an object')
        return report.finish('manifest')

    # id
    app_id = manifest.get('id', manifest.get('app-id'))
    if app_id != args.app_id:
        report.problem(path, 'id is "%s", expected "%s"' % (app_id, args.app_id))
    if os.path.basename(path) not in ('%s.json' % app_id, '%s.yml' % app_id,
                                      '%s.yaml' % app_id):
        report.problem(path, 'file name must be the id: %s.json (appid-filename-mismatch)'
                       % app_id)
    if isinstance(app_id, str) and not 3 <= len(app_id.split('.')) <= 5:
        report.problem(path, 'id must have 3 to 5 components')

    # runtime
    if manifest.get('runtime') != args.runtime:
        report.problem(path, 'runtime is "%s", expected "%s"'
                       % (manifest.get('runtime'), args.runtime))
    if manifest.get('runtime-version') != args.runtime_version:
        report.problem(path, 'runtime-version is %s, expected "%s" (a string)'
                       % (json.dumps(manifest.get('runtime-version')), args.runtime_version))
    if not manifest.get('sdk'):
        report.problem(path, 'sdk is missing')
    for key in ('branch', 'default-branch'):
        if key in manifest:
            report.problem(path, '"%s" is unnecessary for a Flathub app '
                           '(toplevel-unnecessary-branch)' % key)

    # command
    command = manifest.get('command')
    if not command:
        report.problem(path, 'command is missing (toplevel-no-command)')
    elif '/' in command:
        report.problem(path, 'command must be a name, not a path (toplevel-command-is-path)')

    # key order
    known = [k for k in manifest if k in MANIFEST_KEY_ORDER]
    expected = sorted(known, key=MANIFEST_KEY_ORDER.index)
    if known != expected:
        report.problem(path, 'top-level keys out of logical order: %s; expected %s'
                       % (', '.join(known), ', '.join(expected)))

    # cleanup
    for entry in manifest.get('cleanup', []):
        if entry.rstrip('/') in ('/lib/debug', '/lib/debug/*'):
            report.problem(path, 'cleanup must not remove /lib/debug (toplevel-cleanup-debug)')

    # build options
    check_build_options(report, path, 'top level', manifest.get('build-options'))

    # finish-args
    check_finish_args(report, path, manifest.get('finish-args', []))

    # modules
    modules = manifest.get('modules')
    if not modules:
        report.problem(path, 'modules is empty (toplevel-no-modules)')
    else:
        check_modules(report, path, modules)

    return report.finish('manifest')


def check_build_options(report, path, where, options):
    if not isinstance(options, dict):
        return
    for arg in options.get('build-args', []):
        if arg.startswith('--share=network'):
            report.problem(path, '%s: build-args --share=network: no network during the build'
                           % where)
    for arch, arch_options in options.get('arch', {}).items():
        check_build_options(report, path, '%s (arch %s)' % (where, arch), arch_options)


def finish_arg_values(finish_args, option):
    prefix = option + '='
    return [a[len(prefix):] for a in finish_args if a.startswith(prefix)]


def check_finish_args(report, path, finish_args):
    if not isinstance(finish_args, list):
        report.problem(path, 'finish-args must be a list')
        return
    sockets = set(finish_arg_values(finish_args, '--socket'))
    shares = set(finish_arg_values(finish_args, '--share'))

    if 'x11' in sockets and 'wayland' in sockets:
        report.problem(path, 'finish-args: both x11 and wayland; use fallback-x11 + wayland')
    if 'x11' in sockets and 'fallback-x11' in sockets:
        report.problem(path, 'finish-args: both x11 and fallback-x11')
    if 'wayland' in sockets and not sockets & {'x11', 'fallback-x11'}:
        report.problem(path, 'finish-args: wayland without fallback-x11 (finish-args-only-wayland)')
    if 'fallback-x11' in sockets and 'wayland' not in sockets:
        report.problem(path, 'finish-args: fallback-x11 without wayland')
    if sockets & {'x11', 'fallback-x11'} and 'ipc' not in shares:
        report.problem(path, 'finish-args: X11 without --share=ipc')
    for bus in ('session-bus', 'system-bus'):
        if bus in sockets:
            report.problem(path, 'finish-args: --socket=%s gives arbitrary D-Bus access' % bus)

    for name in finish_arg_values(finish_args, '--own-name'):
        report.problem(path, 'finish-args: --own-name=%s is not allowed' % name)
    for option in ('--talk-name', '--system-talk-name', '--system-own-name'):
        for name in finish_arg_values(finish_args, option):
            lower = name.lower()
            if option == '--system-own-name':
                report.problem(path, 'finish-args: %s=%s is not allowed' % (option, name))
            elif '*' in name:
                report.problem(path, 'finish-args: %s=%s uses a wildcard' % (option, name))
            elif (lower.startswith(('org.freedesktop.portal.', 'org.freedesktop.dbus'))
                  or lower in ('org.freedesktop.secrets', 'ca.desrt.dconf',
                               'org.freedesktop.flatpak')):
                report.problem(path, 'finish-args: %s=%s is not allowed '
                               '(portals/libsecret/GSettings work without it)' % (option, name))

    for fs in finish_arg_values(finish_args, '--filesystem'):
        base = fs.split(':', 1)[0].rstrip('/')
        if base in ('host', 'host-os', 'host-etc', 'home', '~') or base.startswith('/home'):
            report.problem(path, 'finish-args: --filesystem=%s is too broad; use portals' % fs)
        elif re.fullmatch(r'xdg-(config|data|cache)(/.*)?', base):
            report.problem(path, 'finish-args: --filesystem=%s exposes host XDG dirs' % fs)
        elif base.startswith(('/app', '/usr', '/etc', '/proc', '/sys', '/dev', '/run', '/tmp')):
            report.problem(path, 'finish-args: --filesystem=%s is a reserved path' % fs)
    for md in finish_arg_values(finish_args, '--metadata'):
        if not md.startswith('X-DConf'):
            report.problem(path, 'finish-args: --metadata=%s is not allowed' % md)


def check_modules(report, path, modules, parent=''):
    for module in modules:
        if isinstance(module, str):
            continue  # an included module file
        if not isinstance(module, dict):
            report.problem(path, 'module entries must be objects')
            continue
        name = module.get('name')
        where = 'module "%s%s"' % (parent, name)
        if not name:
            report.problem(path, 'a module has no name')
        check_build_options(report, path, where, module.get('build-options'))
        for source in module.get('sources', []):
            if isinstance(source, str):
                continue
            kind = source.get('type')
            url = source.get('url', '')
            if url and not url.startswith('https://'):
                report.problem(path, '%s: source URL must be https: %s' % (where, url))
            for mirror in source.get('mirror-urls', []):
                if not mirror.startswith('https://'):
                    report.problem(path, '%s: mirror URL must be https: %s' % (where, mirror))
            if kind == 'git':
                if not (source.get('tag') or source.get('commit')):
                    report.problem(path, '%s: git source needs a tag or commit' % where)
                if 'branch' in source and 'commit' not in source:
                    report.problem(path, '%s: git source must not follow a branch' % where)
            if kind in ('archive', 'file') and url:
                if 'md5' in source or 'sha1' in source:
                    report.problem(path, '%s: use sha256/sha512, not md5/sha1' % where)
                if not (source.get('sha256') or source.get('sha512')):
                    report.problem(path, '%s: %s source needs a sha256' % (where, kind))
                elif source.get('sha256') and not re.fullmatch(r'[0-9a-f]{64}',
                                                               source['sha256']):
                    report.problem(path, '%s: sha256 is not 64 lowercase hex digits' % where)
            if kind == 'dir':
                report.note(path, '%s: a "dir" source is fine locally; a Flathub submission '
                            'needs a git source with tag and commit' % where)
        check_modules(report, path, module.get('modules', []), '%s/' % name)


def check_manifest_schema(args):
    report = Report()
    if not os.path.exists(args.schema):
        print('SKIP: %s not found' % args.schema)
        return 77
    try:
        import jsonschema
    except ImportError:
        print('SKIP: python3-jsonschema is not installed')
        return 77
    try:
        with open(args.schema, encoding='utf-8') as f:
            validator = jsonschema.Draft7Validator(json.load(f))
        with open(args.file, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        report.problem(args.file, 'cannot read: %s' % e)
        return report.finish('manifest-schema')
    for error in sorted(validator.iter_errors(manifest), key=lambda e: list(e.absolute_path)):
        where = '/'.join(str(p) for p in error.absolute_path) or '(top level)'
        report.problem(args.file, '%s: %s' % (where, error.message))
    return report.finish('manifest-schema')


# ---------------------------------------------------------------------------------------------
# potfiles

def read_list(path):
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                entries.append(line)
    return entries


def needs_translation(path):
    if ITS_FILE_RE.search(path):
        return True
    try:
        if os.path.getsize(path) > MAX_SCAN_BYTES:
            return False
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return False
    if path.endswith(('.c', '.h', '.vala', '.js', '.py')) and GETTEXT_CALL_RE.search(text):
        return True
    if path.endswith(('.ui', '.xml', '.xml.in', '.ui.in')) and TRANSLATABLE_ATTR_RE.search(text):
        return True
    return False


def check_potfiles(args):
    report = Report()
    root = args.source_root
    potfiles_path = os.path.join(root, 'po', 'POTFILES.in')
    if not os.path.exists(potfiles_path):
        report.problem(potfiles_path, 'missing')
        return report.finish('potfiles')
    listed = read_list(potfiles_path)
    skipped = set(read_list(os.path.join(root, 'po', 'POTFILES.skip')))

    seen = set()
    for entry in listed:
        if entry in seen:
            report.problem(potfiles_path, '%s is listed twice' % entry)
        seen.add(entry)
        if not os.path.exists(os.path.join(root, entry)):
            report.note(potfiles_path, '%s is listed but does not exist (yet); '
                        'the pot target will fail until it does' % entry)

    for top in POTFILES_SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in SKIP_DIR_NAMES and not d.startswith('_build'))
            for filename in sorted(filenames):
                full = os.path.join(dirpath, filename)
                rel = os.path.relpath(full, root).replace(os.sep, '/')
                if rel in seen or rel in skipped:
                    continue
                if needs_translation(full):
                    report.problem(potfiles_path, '%s has translatable strings but is not '
                                   'listed (or add it to po/POTFILES.skip)' % rel)

    return report.finish('potfiles')


# ---------------------------------------------------------------------------------------------
# translations

_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', 'a': '\a', 'b': '\b',
            'f': '\f', 'v': '\v'}


def po_unquote(s):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError('bad string %s' % s)
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), s[1:-1])


def parse_po(path):
    """Return a list of entries: dicts with msgctxt, msgid, msgid_plural, msgstr (list),
    flags (set), obsolete (bool)."""
    entries = []
    entry = None
    field = None

    def flush():
        if entry is not None and 'msgid' in entry:
            entries.append(entry)

    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    for number, line in enumerate(lines, 1):
        obsolete = line.startswith('#~')
        if obsolete:
            line = line[2:].lstrip()
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith('#') or (obsolete and stripped.startswith('|')):
            if entry is not None and 'msgid' in entry:
                flush()
                entry = None
            if entry is None:
                entry = {'flags': set(), 'msgstr': {}, 'obsolete': obsolete}
            if stripped.startswith('#,'):
                entry['flags'].update(f.strip() for f in stripped[2:].split(','))
            continue
        match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$',
                         stripped)
        if match:
            keyword = match.group(1)
            if keyword in ('msgctxt', 'msgid') and entry is not None and 'msgid' in entry:
                flush()
                entry = None
            if entry is None:
                entry = {'flags': set(), 'msgstr': {}, 'obsolete': obsolete}
            value = po_unquote(match.group(3))
            if keyword.startswith('msgstr'):
                index = int(match.group(2)) if match.group(2) else 0
                entry['msgstr'][index] = value
                field = ('msgstr', index)
            else:
                entry[keyword] = value
                field = (keyword, None)
            continue
        if stripped.startswith('"') and entry is not None and field is not None:
            value = po_unquote(stripped)
            if field[0] == 'msgstr':
                entry['msgstr'][field[1]] += value
            else:
                entry[field[0]] += value
            continue
        raise ValueError('%s:%d: cannot parse: %s' % (path, number, line))
    flush()
    return entries


def run_xgettext(root, package, files):
    xgettext = 'xgettext'
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, 'POTFILES')
        with open(listing, 'w', encoding='utf-8') as f:
            f.write('\n'.join(files) + '\n')
        pot = os.path.join(tmp, package + '.pot')
        command = [xgettext, '--package-name=' + package, '-p', tmp,
                   '-D', root, '-f', listing, '-o', package + '.pot'] + XGETTEXT_GLIB_ARGS
        env = dict(os.environ, LC_ALL='C')
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError('xgettext failed: %s' % result.stderr.strip())
        if not os.path.exists(pot):
            return []
        return parse_po(pot)


def check_translations(args):
    report = Report()
    root = args.source_root
    po_dir = os.path.join(root, 'po')
    languages = read_list(os.path.join(po_dir, 'LINGUAS'))
    if not languages:
        report.problem(os.path.join(po_dir, 'LINGUAS'), 'missing or empty')

    template = None
    listed = [e for e in read_list(os.path.join(po_dir, 'POTFILES.in'))
              if os.path.exists(os.path.join(root, e))]
    try:
        template = run_xgettext(root, args.package, listed)
    except FileNotFoundError:
        report.note(po_dir, 'xgettext not found; not comparing with the sources')
    except (RuntimeError, ValueError) as e:
        report.problem(po_dir, str(e))

    for lang in languages:
        path = os.path.join(po_dir, lang + '.po')
        if not os.path.exists(path):
            report.problem(path, 'listed in LINGUAS but missing')
            continue
        try:
            entries = parse_po(path)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            report.problem(path, 'cannot parse: %s' % e)
            continue
        live = [e for e in entries if not e['obsolete']]
        header = next((e for e in live if e['msgid'] == '' and 'msgctxt' not in e), None)
        if header is None:
            report.problem(path, 'PO header is missing')
        else:
            head = header['msgstr'].get(0, '')
            if not re.search(r'^Language: %s$' % re.escape(lang), head, re.M):
                report.problem(path, 'header lacks "Language: %s"' % lang)
            if not re.search(r'^Content-Type: text/plain; charset=UTF-8$', head, re.M):
                report.problem(path, 'header must declare charset=UTF-8')
            if not re.search(r'^Plural-Forms: nplurals=\d+; plural=.+;$', head, re.M):
                report.problem(path, 'header lacks a valid Plural-Forms')
            if 'fuzzy' in header['flags']:
                report.problem(path, 'header is marked fuzzy')

        translated = {}
        for e in live:
            if e['msgid'] == '' and 'msgctxt' not in e:
                continue
            key = (e.get('msgctxt'), e['msgid'])
            label = '"%s"' % e['msgid'][:60].replace('\n', '\\n')
            if 'fuzzy' in e['flags']:
                report.problem(path, 'fuzzy: %s' % label)
            elif not e['msgstr'] or any(v == '' for v in e['msgstr'].values()):
                report.problem(path, 'untranslated: %s' % label)
            else:
                translated[key] = e

        if template is not None:
            for t in template:
                if t['msgid'] == '' and 'msgctxt' not in t:
                    continue
                key = (t.get('msgctxt'), t['msgid'])
                if key not in translated and not any(
                        (e.get('msgctxt'), e['msgid']) == key for e in live):
                    report.problem(path, 'missing (run meson compile %s-update-po): "%s"'
                                   % (args.package, t['msgid'][:60].replace('\n', '\\n')))

    return report.finish('translations')


# ---------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0] + ' ' + __doc__.split('\n\n')[1].replace('\n', ' '),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='examples:\n'
               '  check-data.py metainfo _build/data/org.heartwork.One.metainfo.xml '
               '--app-id org.heartwork.One --version 0.1.0\n'
               '  check-data.py desktop _build/data/org.heartwork.One.desktop '
               '--app-id org.heartwork.One\n'
               '  check-data.py manifest org.heartwork.One.json --app-id org.heartwork.One\n'
               '  check-data.py manifest-schema org.heartwork.One.json '
               '--schema ../shared/reference/flatpak-manifest.schema.json\n'
               '  check-data.py potfiles --source-root .\n'
               '  check-data.py translations --source-root . --package heartwork-one\n')
    sub = parser.add_subparsers(dest='command', metavar='CHECK', required=True)

    p = sub.add_parser('metainfo', help='MetaInfo rules appstream 0.16 misses: one '
                       '<developer id><name>, name/summary length, captions, branding light+'
                       'dark, launchable, releases (newest = project version, not in the '
                       'future)')
    p.add_argument('file', help='the (merged) metainfo file')
    p.add_argument('--app-id', required=True)
    p.add_argument('--version', required=True, help='the project version (meson)')
    p.add_argument('--package', help='expected gettext domain of <translation>')
    p.set_defaults(func=check_metainfo)

    p = sub.add_parser('desktop', help='desktop file rules of flatpak-builder-lint: Exec, '
                       'Icon = app id, not hidden, useful Categories')
    p.add_argument('file', help='the (merged) desktop file')
    p.add_argument('--app-id', required=True)
    p.set_defaults(func=check_desktop)

    p = sub.add_parser('manifest', help='Flatpak manifest rules of flatpak-builder-lint: id, '
                       'runtime, command, finish-args, sources, key order')
    p.add_argument('file', help='the Flatpak manifest (JSON)')
    p.add_argument('--app-id', required=True)
    p.add_argument('--runtime', default='org.gnome.Platform')
    p.add_argument('--runtime-version', default='51')
    p.set_defaults(func=check_manifest)

    p = sub.add_parser('manifest-schema', help='validate the manifest against the JSON schema '
                       'flatpak-builder-lint uses (needs python3-jsonschema; exit 77 = skipped '
                       'when the schema or the module is missing)')
    p.add_argument('file', help='the Flatpak manifest (JSON)')
    p.add_argument('--schema', required=True, help='flatpak-manifest.schema.json')
    p.set_defaults(func=check_manifest_schema)

    p = sub.add_parser('potfiles', help='every file under src/ and data/ with _( N_( C_( '
                       'NC_( or translatable="yes" is listed in po/POTFILES.in')
    p.add_argument('--source-root', required=True)
    p.set_defaults(func=check_potfiles)

    p = sub.add_parser('translations', help='every language in po/LINGUAS has a po file with '
                       'a proper header and every string of the sources translated, none fuzzy')
    p.add_argument('--source-root', required=True)
    p.add_argument('--package', required=True, help='gettext domain (meson project name)')
    p.set_defaults(func=check_translations)

    args = parser.parse_args()
    return args.func(args)


if __name__ == '__main__':
    sys.exit(main())
