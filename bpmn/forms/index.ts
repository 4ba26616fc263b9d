// Camunda Forms: schema parsing and value validation (pure; safe inside the workflow sandbox).
export * from './form-schema';
export * from './form-validation';
