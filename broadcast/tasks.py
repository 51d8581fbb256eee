"""The background job that posts to the social channels (run by `svoboda db_worker`)."""

from django_tasks import task

from broadcast import delivery


@task()
def deliver_post(*, post_id):
    """Send one post queued at publication, or withdraw one after its article was unpublished.
    Does nothing if it is not due or another sender holds it; retries are picked up by
    `svoboda send_social_posts`."""
    return delivery.deliver(post_id)
