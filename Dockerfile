# Gradbook in a Jupyter image, for JupyterHub (DockerSpawner, KubeSpawner), Binder or one laptop:
# the Jupyter project's docker-stacks base with JupyterLab, the Gradbook kernel (statically linked
# Swift runtime: the image has no Swift toolchain), its lessons, the MNIST sample, the lessons
# exported as notebooks in ~/lessons (predictions left blank), and papermill's translator for Gradbook notebooks.
#
#   docker build -t gradbook .                  (or: podman build -t gradbook .)
#   docker run --rm -p 8888:8888 gradbook       then open the printed URL and pick Gradbook
#
# A hub: c.DockerSpawner.image = "gradbook" (KubeSpawner: singleuser.image); a limit per learner:
# c.Spawner.environment = {"GRADBOOK_MAX_MEMORY": "256M"} beside the spawner's own mem_limit.
# Binder builds this file as it is (repo2docker's Dockerfile mode).

ARG SWIFT_IMAGE=swift:6.3-noble
ARG BASE_IMAGE=quay.io/jupyter/base-notebook:ubuntu-24.04

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libedit-dev libopenblas-dev zlib1g-dev libzmq3-dev pkg-config libcurl4-openssl-dev binutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rm -rf .build && scripts/install --prefix /opt/gradbook --kernel-prefix /opt/gradbook

FROM ${BASE_IMAGE}
USER root
# The C libraries the executable links (the Swift runtime is inside it).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libedit2 libopenblas0 libzmq5 libcurl4t64 zlib1g \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/gradbook /opt/gradbook
COPY Jupyter/papermill /tmp/gradbook-papermill
RUN ln -s /opt/gradbook/bin/gradbook /usr/local/bin/gradbook \
 && gradbook kernel install --prefix "${CONDA_DIR}" \
 && pip install --no-cache-dir /tmp/gradbook-papermill \
 && rm -rf /tmp/gradbook-papermill \
 && fix-permissions "${CONDA_DIR}"
USER ${NB_UID}
# The lessons as notebooks, predictions left for the learner; and a smoke test of the kernel's binary.
RUN gradbook lesson export all "${HOME}/lessons" >/dev/null \
 && echo "1 + 1" | gradbook run /dev/stdin | grep -q "Value(2.0)"
WORKDIR ${HOME}
