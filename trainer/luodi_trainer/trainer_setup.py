"""Build the transformers Trainer for a resolved job."""

from .checkpoints import staging_dir
from .metrics import accuracy, macro_f1
from .resolve import ResolvedJob


def training_arguments(job: ResolvedJob):
    """Map the spec's hyperparameters onto transformers' TrainingArguments.

    Checkpoints go to the staging folder (see checkpoints.py). Logging every ``logging_steps`` feeds
    the step events; ``non_padding`` token counting feeds tokens_per_second.
    """
    from transformers import TrainingArguments

    spec = job.spec
    settings = spec.hyperparameters
    return TrainingArguments(
        output_dir=str(staging_dir(spec.output_dir)),
        per_device_train_batch_size=settings.batch_size,
        per_device_eval_batch_size=settings.batch_size,
        gradient_accumulation_steps=settings.gradient_accumulation_steps,
        learning_rate=settings.learning_rate,
        lr_scheduler_type=settings.scheduler,
        # transformers reads a float in [0, 1) as a fraction of the total steps.
        warmup_steps=settings.warmup_ratio if settings.warmup_ratio > 0 else 0,
        weight_decay=settings.weight_decay,
        num_train_epochs=settings.epochs,
        max_steps=settings.max_steps if settings.max_steps is not None else -1,
        logging_strategy="steps",
        logging_steps=settings.logging_steps,
        eval_strategy="steps",
        eval_steps=settings.eval_steps,
        save_strategy="steps",
        save_steps=settings.save_steps,
        seed=settings.seed,
        data_seed=settings.seed,
        bf16=job.precision == "bf16",
        fp16=job.precision == "fp16",
        use_cpu=not job.hardware.cuda,
        report_to="none",
        disable_tqdm=True,
        include_num_input_tokens_seen="non_padding",
        remove_unused_columns=False,
        # Chat evaluation needs only the loss; keeping every logit would take batch*length*vocab floats.
        prediction_loss_only=spec.task == "chat_sft",
        label_names=["labels"],
        dataloader_num_workers=0,
        log_level="warning",
    )


def classification_metrics(num_labels: int):
    """Return a compute_metrics function giving validation accuracy and macro-F1."""

    def compute(prediction) -> dict[str, float]:
        logits = prediction.predictions[0] if isinstance(prediction.predictions, tuple) else prediction.predictions
        predicted = logits.argmax(axis=-1).tolist()
        references = prediction.label_ids.tolist()
        return {
            "accuracy": accuracy(predicted, references),
            "macro_f1": macro_f1(predicted, references, num_labels=num_labels),
        }

    return compute


def data_collator(job: ResolvedJob, tokenizer):
    """Pad batches: chat labels with the ignore index, classification inputs only."""
    from transformers import DataCollatorForSeq2Seq, DataCollatorWithPadding

    # Multiples of 8 let GPU tensor cores run the matmuls; the CPU gains nothing from the extra padding.
    multiple = 8 if job.hardware.cuda else None
    if job.spec.task == "chat_sft":
        return DataCollatorForSeq2Seq(tokenizer, padding=True, pad_to_multiple_of=multiple, label_pad_token_id=-100)
    return DataCollatorWithPadding(tokenizer, padding=True, pad_to_multiple_of=multiple)


def build_trainer(
    job: ResolvedJob, *, model, tokenizer, train_examples: list, validation_examples: list, collator, callback
):
    """Return a Trainer that reports only through ``callback`` (its stdout printer is removed)."""
    from transformers import Trainer
    from transformers.trainer_callback import PrinterCallback

    compute_metrics = None
    if job.spec.task == "seq_classification":
        compute_metrics = classification_metrics(len(job.spec.labels or []))

    trainer = Trainer(
        model=model,
        args=training_arguments(job),
        train_dataset=train_examples,
        eval_dataset=validation_examples,
        data_collator=collator,
        processing_class=tokenizer,
        compute_metrics=compute_metrics,
        callbacks=[callback],
    )
    trainer.remove_callback(PrinterCallback)
    return trainer


def classification_examples(tokenizer, rows: list, *, max_length: int) -> list[dict]:
    """Tokenize classification rows, truncated to ``max_length`` tokens."""
    examples = []
    for row in rows:
        encoding = tokenizer(row.text, truncation=True, max_length=max_length)
        examples.append(
            {"input_ids": encoding["input_ids"], "attention_mask": encoding["attention_mask"], "labels": row.label}
        )
    return examples
