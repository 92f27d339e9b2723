"""The ticket's affected VMs, as the operator gathers them in seed 000's step 1.

`openstack server list ... -f value -c ID | xargs -n1 openstack server show -f json`
prints one JSON document per VM, one after another (not a list). Each document has the
keys and layout of a real `openstack server show -f json` (data/openstack/server-show.json:
keys sorted, 2-space indent); only values change. `OS-EXT-SRV-ATTR:host` and
`hypervisor_hostname` are the compute's FQDN, as nova reports them when nova.conf sets
`host` to the FQDN (the corpus compute's nova.conf does: `host = compute4.mylab.home`).
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from datetime import timedelta

from stacksleuth.demo import data
from stacksleuth.demo.plan import CORPUS_REPORT_TIME, HostPlan

VMS_PER_COMPUTE = (2, 4)
WORKLOADS = ("db", "web", "app", "queue", "cache", "build")
PROJECT_NETWORK = "storage-tenant"


def server_documents(affected: list[HostPlan], seed: int) -> str:
    """Concatenated `server show -f json` documents for the VMs on `affected` computes."""
    rng = random.Random(f"{seed}-vms")
    project = _hex(rng, 32)
    user = _hex(rng, 32)
    image = f"ubuntu-20.04 ({_uuid(rng)})"
    documents = []
    number = 0x4A0
    for host in affected:
        for _ in range(rng.randint(*VMS_PER_COMPUTE)):
            number += rng.randint(1, 40)
            documents.append(_server(rng, host, number, project, user, image))
    return "".join(json.dumps(doc, indent=2) + "\n" for doc in documents)


def _server(
    rng: random.Random, host: HostPlan, number: int, project: str, user: str, image: str
) -> dict[str, object]:
    doc = json.loads(data.piece("openstack/server-show.json"))
    created = CORPUS_REPORT_TIME - timedelta(days=rng.randint(5, 60), seconds=rng.randint(0, 86400))
    launched = created + timedelta(seconds=rng.randint(8, 40))
    name = f"{rng.choice(WORKLOADS)}-{number:04x}"
    values = {
        "OS-EXT-SRV-ATTR:host": host.fqdn,
        "OS-EXT-SRV-ATTR:hypervisor_hostname": host.fqdn,
        "OS-EXT-SRV-ATTR:instance_name": f"instance-{number:08x}",
        "OS-EXT-STS:power_state": 1,
        "OS-EXT-STS:vm_state": "active",
        "OS-SRV-USG:launched_at": launched.strftime("%Y-%m-%dT%H:%M:%S.000000"),
        "addresses": {PROJECT_NETWORK: [f"10.20.{rng.randint(0, 15)}.{rng.randint(2, 254)}"]},
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "flavor": rng.choice(("m1.small (0)", "m1.medium (1)", "m1.large (2)")),
        # nova's hostId: sha224 of the project id and the compute's host name.
        "hostId": hashlib.sha224((project + host.fqdn).encode()).hexdigest(),
        "id": _uuid(rng),
        "image": image,
        "key_name": "ops",
        "name": name,
        "project_id": project,
        "security_groups": [{"name": "default"}],
        "status": "ACTIVE",
        "updated": launched.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "user_id": user,
    }
    unknown = set(values) - set(doc)
    if unknown:  # only keys the real output has
        raise ValueError(f"server show has no keys {sorted(unknown)}")
    doc.update(values)
    return doc


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _hex(rng: random.Random, digits: int) -> str:
    return f"{rng.getrandbits(digits * 4):0{digits}x}"
