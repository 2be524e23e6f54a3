// ZeroMQ (libzmq, Debian's libzmq3-dev; Homebrew's zeromq): the Jupyter kernel's sockets.
#include <zmq.h>
