"""Optimizer trajectories from torch.optim, pinned in Tests/OptimizersTests/PinnedTrajectories.swift.

Problems (defined identically in OptimizerTrajectoryTests.swift):
  bowl        f(x, y) = 0.5·(x² + 10·y²)            from (-1.5, 2), float64
  rosenbrock  f(x, y) = (1 − x)² + 100·(y − x²)²    from (-1.5, 2), float64
  mlp         3-4-2 tanh MLP, MSE on 6 fixed samples, float32
100 steps each; recorded after steps 1…10 and 20, 30, …, 100.

    python Tests/Reference/optimizer_trajectories.py
"""
import math
import torch

RECORD = list(range(1, 11)) + list(range(20, 101, 10))
LR = {  # learning rates per problem: (plain/momentum, adaptive)
    "bowl": (0.05, 0.05),
    "rosenbrock": (0.0005, 0.01),
    "mlp": (0.1, 0.005),
}

# (name, factory, adaptive, options for Gradbook, clip, schedule)
CONFIGS = [
    ("sgd", lambda p, lr: torch.optim.SGD(p, lr=lr), False, {}, None, None),
    ("sgd_weight_decay", lambda p, lr: torch.optim.SGD(p, lr=lr, weight_decay=0.01), False, {"weight_decay": 0.01}, None, None),
    ("momentum", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9), False, {"momentum": 0.9}, None, None),
    ("momentum_dampening", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, dampening=0.1), False, {"momentum": 0.9, "dampening": 0.1}, None, None),
    ("nesterov", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True), False, {"momentum": 0.9, "nesterov": 1}, None, None),
    ("adagrad", lambda p, lr: torch.optim.Adagrad(p, lr=lr), True, {}, None, None),
    ("adagrad_options", lambda p, lr: torch.optim.Adagrad(p, lr=lr, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1), True,
     {"lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1}, None, None),
    ("rmsprop", lambda p, lr: torch.optim.RMSprop(p, lr=lr), True, {}, None, None),
    ("rmsprop_centered", lambda p, lr: torch.optim.RMSprop(p, lr=lr, centered=True), True, {"centered": 1}, None, None),
    ("rmsprop_momentum", lambda p, lr: torch.optim.RMSprop(p, lr=lr, momentum=0.9), True, {"momentum": 0.9}, None, None),
    ("rmsprop_all", lambda p, lr: torch.optim.RMSprop(p, lr=lr, momentum=0.5, centered=True, weight_decay=0.01), True,
     {"momentum": 0.5, "centered": 1, "weight_decay": 0.01}, None, None),
    ("adam", lambda p, lr: torch.optim.Adam(p, lr=lr), True, {}, None, None),
    ("adam_amsgrad", lambda p, lr: torch.optim.Adam(p, lr=lr, amsgrad=True), True, {"amsgrad": 1}, None, None),
    ("adam_weight_decay", lambda p, lr: torch.optim.Adam(p, lr=lr, weight_decay=0.01), True, {"weight_decay": 0.01}, None, None),
    ("adam_keras_epsilon", lambda p, lr: torch.optim.Adam(p, lr=lr, eps=1e-7), True, {"eps": 1e-7}, None, None),
    ("adamw", lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.01), True, {"weight_decay": 0.01}, None, None),
    ("adamw_amsgrad", lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.1, amsgrad=True), True, {"weight_decay": 0.1, "amsgrad": 1}, None, None),
    ("sgd_clip_norm", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9), False, {"momentum": 0.9}, ("norm", 1.0), None),
    ("sgd_clip_value", lambda p, lr: torch.optim.SGD(p, lr=lr), False, {}, ("value", 0.5), None),
    ("sgd_step_lr", lambda p, lr: torch.optim.SGD(p, lr=lr), False, {}, None, ("step", 10, 0.5)),
    ("sgd_exponential_lr", lambda p, lr: torch.optim.SGD(p, lr=lr), False, {}, None, ("exponential", 0.97)),
    ("adam_cosine_lr", lambda p, lr: torch.optim.Adam(p, lr=lr), True, {}, None, ("cosine", 50, 0.0)),
    ("adam_warmup_lr", lambda p, lr: torch.optim.Adam(p, lr=lr), True, {}, None, ("warmup", 0.1, 1.0, 20)),
    ("sgd_plateau", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9), False, {"momentum": 0.9}, None, ("plateau", 0.5, 3)),
]
KIND = {"sgd": "sgd", "sgd_weight_decay": "sgd", "momentum": "sgd", "momentum_dampening": "sgd", "nesterov": "sgd",
        "adagrad": "adagrad", "adagrad_options": "adagrad", "rmsprop": "rmsprop", "rmsprop_centered": "rmsprop",
        "rmsprop_momentum": "rmsprop", "rmsprop_all": "rmsprop", "adam": "adam", "adam_amsgrad": "adam",
        "adam_weight_decay": "adam", "adam_keras_epsilon": "adam", "adamw": "adamw", "adamw_amsgrad": "adamw",
        "sgd_clip_norm": "sgd", "sgd_clip_value": "sgd", "sgd_step_lr": "sgd", "sgd_exponential_lr": "sgd",
        "adam_cosine_lr": "adam", "adam_warmup_lr": "adam", "sgd_plateau": "sgd"}


def scheduler(opt, schedule):
    if schedule is None:
        return None
    kind = schedule[0]
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=schedule[1], gamma=schedule[2])
    if kind == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=schedule[1])
    if kind == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=schedule[1], eta_min=schedule[2])
    if kind == "warmup":
        return torch.optim.lr_scheduler.LinearLR(opt, start_factor=schedule[1], end_factor=schedule[2], total_iters=schedule[3])
    if kind == "plateau":
        return torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=schedule[1], patience=schedule[2])


def mlp_data():
    f = lambda n, g: torch.tensor([g(i) for i in range(n)], dtype=torch.float64).float()
    X = f(18, lambda i: math.sin(0.9 * i + 0.2)).reshape(6, 3)
    Y = f(12, lambda i: math.cos(1.3 * i)).reshape(6, 2)
    W1 = f(12, lambda i: 0.5 * math.sin(2.1 * i + 1.0)).reshape(3, 4)
    b1 = f(4, lambda i: 0.1 * (i - 1.5))
    W2 = f(8, lambda i: 0.4 * math.cos(1.7 * i + 0.5)).reshape(4, 2)
    b2 = f(2, lambda i: 0.05 * i)
    return X, Y, [W1, b1, W2, b2]


def run(problem, name, factory, adaptive, clip, schedule):
    lr = LR[problem][1 if adaptive else 0]
    if problem == "mlp":
        X, Y, init = mlp_data()
        params = [t.clone().requires_grad_() for t in init]

        def loss_fn():
            h = torch.tanh(X @ params[0] + params[1])
            return ((h @ params[2] + params[3] - Y) ** 2).mean()
    else:
        params = [torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)]

        def loss_fn():
            x, y = params[0][0], params[0][1]
            if problem == "bowl":
                return 0.5 * (x * x + 10 * y * y)
            return (1 - x) ** 2 + 100 * (y - x * x) ** 2
    opt = factory(params, lr)
    sched = scheduler(opt, schedule)
    records = []
    for step in range(1, 101):
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        if clip is not None:
            if clip[0] == "norm":
                torch.nn.utils.clip_grad_norm_(params, clip[1])
            else:
                torch.nn.utils.clip_grad_value_(params, clip[1])
        opt.step()
        if sched is not None:
            if schedule[0] == "plateau":
                sched.step(loss.item())
            else:
                sched.step()
        if step in RECORD:
            if problem == "mlp":
                records.append([loss.item()])
            else:
                records.append(params[0].detach().tolist())
    final = [v for p in params for v in p.detach().reshape(-1).tolist()]
    return lr, records, final


def fmt(xs):
    return "[" + ", ".join(repr(float(x)) for x in xs) + "]"


lines = [
    "// swift-format-ignore-file",
    "// Generated by Tests/Reference/optimizer_trajectories.py with torch " + torch.__version__ + ". Do not edit.",
    "// positions: (x, y) after steps 1…10, 20, …, 100 (bowl, rosenbrock) or the loss before each of those steps (mlp);",
    "// final: every parameter after step 100.",
    "",
    "let recordedSteps = " + fmt(list(range(1, 11)) + list(range(20, 101, 10))).replace(".0", "") + "",
    "",
    "struct PinnedTrajectory {",
    "    let problem: String",
    "    let config: String",
    "    let optimizer: String",
    "    let options: [String: Double]",
    "    let learningRate: Double",
    "    let clip: (kind: String, threshold: Double)?",
    "    let schedule: [String]",
    "    let records: [[Double]]",
    "    let final: [Double]",
    "}",
    "",
    "let pinnedTrajectories: [PinnedTrajectory] = [",
]
for problem in ["bowl", "rosenbrock", "mlp"]:
    for name, factory, adaptive, options, clip, schedule in CONFIGS:
        lr, records, final = run(problem, name, factory, adaptive, clip, schedule)
        opts = "[" + ", ".join(f"\"{k}\": {v}" for k, v in options.items()) + "]" if options else "[:]"
        clip_text = f"(\"{clip[0]}\", {clip[1]})" if clip else "nil"
        sched_text = "[" + ", ".join(f"\"{x}\"" for x in schedule) + "]" if schedule else "[]"
        lines.append(f"    PinnedTrajectory(problem: \"{problem}\", config: \"{name}\", optimizer: \"{KIND[name]}\", options: {opts}, "
                     f"learningRate: {lr}, clip: {clip_text}, schedule: {sched_text},")
        lines.append("        records: [" + ", ".join(fmt(r) for r in records) + "],")
        lines.append(f"        final: {fmt(final)}),")
lines.append("]")
open("Tests/OptimizersTests/PinnedTrajectories.swift", "w").write("\n".join(lines) + "\n")
print("wrote", 3 * len(CONFIGS), "trajectories")
