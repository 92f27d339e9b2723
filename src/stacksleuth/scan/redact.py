"""Secrets masked in quoted evidence lines, the way oslo.config masks them (`***`).

A report is attached to tickets and mailed around; the lines it quotes come from the
customer's machines and can carry credentials:

    qemu  -object secret,id=virtio-disk0-secret0,data=4O2/o/xxx=,keyid=masterKey0,...
    qemu  -drive file=rbd:volumes/volume-afa5...:id=volumes:key=AQDgMEFY27Uc...==:auth_...
    conf  transport_url = rabbit://openstack:RABBIT_PASS@controller
    conf  connection = mysql+pymysql://nova:NOVA_DBPASS@controller/nova
    http  -H "X-Auth-Token: gAAAAABf..."   token=...   auth_token: ...   password=...

`mask_secrets` keeps the key and masks the value. Both passes are linear in the line:
`key=value` pairs are found by one scan of possessive, non-overlapping matches (a key
starts where no key character precedes it), and the value is read only after a key
that names a secret; URL user info is matched between `://` or `,` and `@` with
possessive runs that stop at the next separator.
"""

from __future__ import annotations

import re

MASK = "***"

# `key=`, `key: `, `"key": "`, `'key' = '`: a key, then its separator (the value follows).
_KEY = re.compile(r"""(?<![\w.-])([A-Za-z_][\w.-]*+)(['"]?[ \t]*+[=:][ \t]*+['"]?)""")
# Key names whose value is a secret (searched in the key, case-insensitive).
_SECRET_KEY = re.compile(
    r"^pass$|password|passwd|passphrase|token|secret|credential|"
    r"api[_-]?key|private[_-]?key|access[_-]?key|^key$|^authorization$",
    re.IGNORECASE,
)
# `data=` holds the secret itself in a qemu `-object secret` (or its JSON form).
_DATA_KEY = re.compile(r"^data$", re.IGNORECASE)
# A value runs to the next separator of the syntaxes above. An rbd `key=` value is
# base64 and ends at the `:` of the next rbd option; other values may hold a colon.
_VALUE = re.compile(r"""(?:(?:Bearer|Basic|Negotiate|Token)[ \t]++)?[^\s,;&'"]++""")
_RBD_VALUE = re.compile(r"""(?:[^\s,;&'":\\]|\\.)++""")  # `\=\=`: qemu escapes
# scheme://user:password@host, and the further `,user:password@host` of a
# transport_url with several brokers.
_URL_USERINFO = re.compile(r"(://|,)([^\s:/@,]*+):([^\s/@,]++)@")


def mask_secrets(line: str) -> str:
    """`line` with the value of every secret-looking key and URL password as `***`."""
    line = _URL_USERINFO.sub(lambda m: f"{m.group(1)}{m.group(2)}:{MASK}@", line)
    secret_object = "secret" in line
    parts: list[str] = []
    done = 0  # everything before this index is already in `parts`
    for match in _KEY.finditer(line):
        if match.start() < done:
            continue  # a key inside a value already masked
        key = match.group(1)
        if key.lower().endswith("-secret"):
            continue  # qemu's key-secret/password-secret name a secret object: an id
        if not (_SECRET_KEY.search(key) or (secret_object and _DATA_KEY.match(key))):
            continue
        value = (_RBD_VALUE if key.lower() == "key" else _VALUE).match(line, match.end())
        if value is None or value.group() == MASK:
            continue
        parts.append(line[done : value.start()])
        parts.append(MASK)
        done = value.end()
    parts.append(line[done:])
    return "".join(parts)
